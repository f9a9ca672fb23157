import { beforeEach, describe, expect, test } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { runMenuCommand } from '../src/shortcut-handler';
import { useUiStore } from '../src/stores/ui';
import { useFramesStore } from '../src/stores/frames';

describe('desktop menu commands', () => {
  beforeEach(() => {
    localStorage.clear();
    setActivePinia(createPinia());
  });

  test('the night-vision menu item toggles the red theme like its shortcut', () => {
    const ui = useUiStore();
    const before = ui.theme;
    runMenuCommand('toggle-night-vision');
    expect(ui.theme).not.toBe(before);
    runMenuCommand('toggle-night-vision');
    expect(ui.theme).toBe(before);
  });

  test('Settings… opens the settings view and Keyboard Shortcuts the help overlay', () => {
    const ui = useUiStore();
    runMenuCommand('open-settings');
    expect(ui.view).toBe('settings');
    expect(ui.helpOpen).toBe(false);
    runMenuCommand('show-help');
    expect(ui.helpOpen).toBe(true);
  });

  test('Follow Newest Frame flips the follow toggle', () => {
    const frames = useFramesStore();
    const before = frames.follow;
    runMenuCommand('toggle-follow-newest');
    expect(frames.follow).toBe(!before);
  });
});
