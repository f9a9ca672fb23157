/** Turns shortcut actions into store calls (the viewer's zoom actions go through an event bus). */
import { actionOf, type ShortcutAction } from './lib/shortcuts';
import type { EventOf } from '../../electron/host/api';

type MenuCommand = EventOf<'menuCommand'>['command'];
import { useUiStore, VIEWS } from './stores/ui';
import { useFramesStore } from './stores/frames';
import { useViewerStore } from './stores/viewer';
import { useAnalysisStore } from './stores/analysis';
import { usePlanesStore } from './stores/planes';
import { useSkyStore } from './stores/sky';
import { STRETCHES } from './lib/lut';
import { COLORMAPS } from './lib/colormaps';
import { viewerCommands } from './lib/viewer-commands';
import { openFrame } from './frame-opener';
import { useOverlayStore } from './stores/overlay';
import { useBlinkStore } from './stores/blink';
import { useGradingStore } from './stores/grading';

function inField(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable;
}

export function openSelected(): void {
  const f = useFramesStore().selected;
  if (f) void openFrame(f.id, f.night);
}

export function handleShortcut(e: KeyboardEvent): void {
  const action = actionOf(e, inField(e.target));
  if (!action) return;
  if (runShortcutAction(action, e.target)) e.preventDefault();
}

/** The desktop menu's commands, each the same as one keyboard shortcut. */
const MENU_ACTIONS: Record<MenuCommand, ShortcutAction> = {
  fit: 'fit',
  'zoom-1-1': 'oneToOne',
  'toggle-follow-newest': 'follow',
  'toggle-night-vision': 'theme',
  'show-help': 'help',
  'focus-search': 'search',
  'open-settings': 'viewSettings',
};

export function runMenuCommand(command: MenuCommand): void {
  const action = MENU_ACTIONS[command];
  if (action === 'search') useUiStore().show('frames');
  runShortcutAction(action, null);
}

/** Runs one shortcut action; false when it does not apply here (the key then keeps its default). */
export function runShortcutAction(action: ShortcutAction, target: EventTarget | null): boolean {
  const ui = useUiStore();
  const frames = useFramesStore();
  const viewer = useViewerStore();
  const analysis = useAnalysisStore();
  const onFrames = ui.view === 'frames';
  switch (action) {
    case 'help':
      ui.helpOpen = !ui.helpOpen;
      break;
    case 'escape':
      if (ui.helpOpen) ui.helpOpen = false;
      else if (ui.headerOpen) ui.headerOpen = false;
      else if (inField(target)) (target as HTMLElement).blur();
      else {
        analysis.setTool('pan');
        if (analysis.region) analysis.setRegion(null);
      }
      return true;
    case 'up':
    case 'down':
      if (!onFrames) return false;
      frames.move(action === 'up' ? -1 : 1);
      break;
    case 'open':
      if (!onFrames) return false;
      openSelected();
      break;
    case 'follow':
      frames.follow = !frames.follow;
      break;
    case 'search':
      if (!onFrames) return false;
      document.querySelector<HTMLInputElement>('[data-testid="frame-search"]')?.focus();
      break;
    case 'fit':
    case 'oneToOne':
    case 'zoomIn':
    case 'zoomOut':
      viewerCommands.emit(action);
      break;
    case 'toolPan':
      analysis.setTool('pan');
      break;
    case 'toolRegion':
      analysis.setTool('region');
      break;
    case 'toolLine':
      analysis.setTool('line');
      break;
    case 'cycleStretch':
      viewer.setStretch(STRETCHES[(STRETCHES.indexOf(viewer.settings.stretch) + 1) % STRETCHES.length]!);
      break;
    case 'cycleColormap':
      viewer.setColormap(COLORMAPS[(COLORMAPS.indexOf(viewer.settings.colormap) + 1) % COLORMAPS.length]!);
      break;
    case 'header':
      ui.headerOpen = !ui.headerOpen;
      break;
    case 'planePrev':
    case 'planeNext': {
      const planes = usePlanesStore();
      if (!planes.isCube) return false;
      void planes.step(action === 'planeNext' ? 1 : -1);
      break;
    }
    case 'theme':
      ui.toggleTheme();
      break;
    case 'grid':
      useSkyStore().toggleGrid();
      break;
    case 'toggleStars':
      useOverlayStore().toggle(viewer.frameId);
      break;
    case 'toggleBlink':
      void useBlinkStore().toggle();
      break;
    case 'approveFrame':
    case 'rejectFrame': {
      // Pressing the key of the verdict already set by hand returns the frame to the automatic one.
      const f = frames.selected;
      if (!onFrames || !f) return false;
      const grading = useGradingStore();
      const want = action === 'approveFrame' ? 'good' : 'bad';
      void grading.setVerdict(f.id, grading.byId[f.id]?.override === want ? null : want);
      break;
    }
    default: {
      const view = { viewFrames: 'frames', viewTrends: 'trends', viewFplane: 'fplane', viewSettings: 'settings', viewExport: 'export' }[action];
      if (view && (VIEWS as readonly string[]).includes(view)) ui.show(view as (typeof VIEWS)[number]);
    }
  }
  return true;
}
