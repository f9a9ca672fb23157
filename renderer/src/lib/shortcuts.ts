/** Keyboard shortcuts: one table for the handler and the help overlay. */
export type ShortcutAction =
  | 'help' | 'up' | 'down' | 'open' | 'fit' | 'oneToOne' | 'zoomIn' | 'zoomOut'
  | 'toolPan' | 'toolRegion' | 'toolLine' | 'cycleStretch' | 'cycleColormap' | 'header'
  | 'follow' | 'theme' | 'search' | 'escape' | 'grid'
  | 'viewFrames' | 'viewTrends' | 'viewFplane' | 'viewSettings' | 'viewExport'
  | 'planePrev' | 'planeNext'
  | 'toggleStars' | 'toggleBlink' | 'approveFrame' | 'rejectFrame';

export interface Shortcut {
  keys: string[];
  label: string;
  action: ShortcutAction;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: ['?'], label: 'Show or hide this help', action: 'help' },
  { keys: ['↑', '↓'], label: 'Previous / next frame in the list', action: 'up' },
  { keys: ['Enter'], label: 'Open the selected frame', action: 'open' },
  { keys: ['n'], label: 'Follow the newest frame on/off', action: 'follow' },
  { keys: ['/'], label: 'Search frames', action: 'search' },
  { keys: ['f'], label: 'Fit the frame to the viewer', action: 'fit' },
  { keys: ['1'], label: 'Zoom 1:1', action: 'oneToOne' },
  { keys: ['+', '−'], label: 'Zoom in / out', action: 'zoomIn' },
  { keys: ['p'], label: 'Pan tool (drag to move)', action: 'toolPan' },
  { keys: ['r'], label: 'Region tool: drag a rectangle for statistics', action: 'toolRegion' },
  { keys: ['l'], label: 'Line tool: drag a line for a profile', action: 'toolLine' },
  { keys: ['s'], label: 'Next stretch (linear, log, sqrt, asinh)', action: 'cycleStretch' },
  { keys: ['c'], label: 'Next colormap', action: 'cycleColormap' },
  { keys: ['h'], label: 'Header of the frame', action: 'header' },
  { keys: ['[', ']'], label: 'Previous / next plane of a cube', action: 'planePrev' },
  { keys: ['g'], label: 'Coordinate grid on/off (in the frame\'s system)', action: 'grid' },
  { keys: ['t'], label: 'Night-vision red theme on/off', action: 'theme' },
  { keys: ['o'], label: 'Star overlay on/off (detected stars, saturated ones dashed)', action: 'toggleStars' },
  { keys: ['b'], label: 'Blink the open frame against the previous one of its object and filter', action: 'toggleBlink' },
  { keys: ['a', 'x'], label: 'Grade the selected frame good / bad by hand (again: back to automatic)', action: 'approveFrame' },
  { keys: ['Alt+1…5'], label: 'Frames, trends, focal plane, settings, export', action: 'viewFrames' },
  { keys: ['Esc'], label: 'Close overlays, clear the region or line', action: 'escape' },
];

/** The action of a key event, or null. Typing in a field only ever gives 'escape'. */
export function actionOf(e: { key: string; altKey: boolean; ctrlKey: boolean; metaKey: boolean }, inField: boolean): ShortcutAction | null {
  if (e.key === 'Escape') return 'escape';
  if (inField || e.ctrlKey || e.metaKey) return null;
  if (e.altKey) {
    const views: Record<string, ShortcutAction> = { '1': 'viewFrames', '2': 'viewTrends', '3': 'viewFplane', '4': 'viewSettings', '5': 'viewExport' };
    return views[e.key] ?? null;
  }
  const map: Record<string, ShortcutAction> = {
    '?': 'help', ArrowUp: 'up', ArrowDown: 'down', Enter: 'open', f: 'fit', '1': 'oneToOne',
    '+': 'zoomIn', '=': 'zoomIn', '-': 'zoomOut', p: 'toolPan', r: 'toolRegion', l: 'toolLine',
    s: 'cycleStretch', c: 'cycleColormap', h: 'header', n: 'follow', t: 'theme', '/': 'search', g: 'grid',
    '[': 'planePrev', ']': 'planeNext',
    o: 'toggleStars', b: 'toggleBlink', a: 'approveFrame', x: 'rejectFrame',
  };
  return map[e.key] ?? null;
}
