/** A tiny bus for commands the canvas carries out (it owns the viewport size). */
export type ViewerCommand = 'fit' | 'oneToOne' | 'zoomIn' | 'zoomOut' | { centre: { x: number; y: number } };
type Listener = (c: ViewerCommand) => void;

const listeners = new Set<Listener>();

export const viewerCommands = {
  emit(c: ViewerCommand): void {
    for (const l of listeners) l(c);
  },
  on(l: Listener): () => void {
    listeners.add(l);
    return () => listeners.delete(l);
  },
};
