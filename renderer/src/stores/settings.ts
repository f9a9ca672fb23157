/** Settings and source configuration: load, edit as a form, validate, save; host errors by field. */
import { defineStore } from 'pinia';
import { useApi } from '../api/client';
import type { Settings, SourceInfo } from '../api/contract';
import { ApiError } from '../api/errors';
import {
  emptyForm, formFrom, hostErrorsByField, settingsRequest, sourcesRequest, validateForm,
  type FormErrors, type SettingsForm,
} from '../lib/settings-form';

export const useSettingsStore = defineStore('settings', {
  state: () => ({
    settings: null as Settings | null,
    form: emptyForm() as SettingsForm,
    errors: {} as FormErrors,
    generalErrors: [] as string[],
    saving: false,
    savedAt: '' as string,
    loadError: '',
    /** True until the first answer of `load` (and while a later load runs). */
    loading: true,
  }),
  getters: {
    hasErrors: (s) => Object.keys(s.errors).length > 0 || s.generalErrors.length > 0,
  },
  actions: {
    async load() {
      this.loading = true;
      try {
        const api = useApi();
        const [settings, sources] = await Promise.all([api.call('getSettings', {}), api.call('getSources', {})]);
        this.settings = settings;
        const s3 = sources.sources.find((s: SourceInfo) => s.kind === 's3');
        const folders = sources.sources
          .filter((s: SourceInfo) => s.kind === 'folder')
          .map((s: SourceInfo) => String((s.config as { path?: unknown }).path ?? ''))
          .filter(Boolean);
        this.form = formFrom(settings, s3 ? s3.config : null, folders);
        this.loadError = '';
      } catch (err) {
        this.loadError = (err as Error).message;
      } finally {
        this.loading = false;
      }
    },
    async save() {
      this.errors = validateForm(this.form);
      this.generalErrors = [];
      this.savedAt = '';
      if (Object.keys(this.errors).length > 0) return false;
      this.saving = true;
      try {
        const api = useApi();
        await api.call('setSources', sourcesRequest(this.form));
        this.settings = await api.call('setSettings', settingsRequest(this.form));
        this.savedAt = new Date().toISOString();
        return true;
      } catch (err) {
        if (err instanceof ApiError) {
          const { '': general, ...fields } = hostErrorsByField(err.details, `${err.code}: ${err.message}`);
          this.errors = fields;
          this.generalErrors = general;
        } else this.generalErrors = [(err as Error).message];
        return false;
      } finally {
        this.saving = false;
      }
    },
  },
});
