/**
 * Options of the console window: isolated, sandboxed, no Node in the renderer, web
 * security on. Built by a pure function so the security settings are unit-tested.
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import type { WindowBounds } from './window-state.js';

export interface WindowOptionsInput {
  preloadPath: string;
  bounds: WindowBounds;
  /** Background while the renderer loads: the dark theme's, so no white flash at night. */
  backgroundColor?: string;
  iconPath?: string;
}

export function buildWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    x: input.bounds.x,
    y: input.bounds.y,
    width: input.bounds.width,
    height: input.bounds.height,
    minWidth: 1280,
    minHeight: 800,
    show: false,
    title: 'NightDeck',
    backgroundColor: input.backgroundColor ?? '#0b0d12',
    icon: input.iconPath,
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
    },
  };
}
