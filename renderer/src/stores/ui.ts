/** Theme, active view and overlays; the theme survives reloads. */
import { defineStore } from 'pinia';
import { readJson, writeJson } from '../lib/storage';

export type Theme = 'dark' | 'red';
export const VIEWS = ['frames', 'trends', 'fplane', 'settings', 'export', 'focus'] as const;
export type ViewName = (typeof VIEWS)[number];

export const useUiStore = defineStore('ui', {
  state: () => ({
    theme: readJson<Theme>('nightdeck.theme', 'dark'),
    view: 'frames' as ViewName,
    helpOpen: false,
    headerOpen: false,
  }),
  getters: {
    isNightVision: (s) => s.theme === 'red',
  },
  actions: {
    toggleTheme() {
      this.theme = this.theme === 'dark' ? 'red' : 'dark';
      writeJson('nightdeck.theme', this.theme);
    },
    show(view: ViewName) {
      this.view = view;
    },
  },
});
