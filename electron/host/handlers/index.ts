/** Every operation of the contract, implemented once for IPC and HTTP alike. */
import type { HostServices } from '../services.js';
import { adminHandlers } from './admin.js';
import { analysisHandlers } from './analysis.js';
import { exportHandlers } from './export.js';
import { frameHandlers } from './frames.js';
import { regionHandlers } from './regions.js';
import { nightToolHandlers } from './night-tools.js';
import type { Handlers } from './types.js';
import { sampHandlers } from '../samp/handlers.js';

export function createHandlers(services: HostServices): Handlers {
  return {
    ...frameHandlers(services),
    ...analysisHandlers(services),
    ...adminHandlers(services),
    ...exportHandlers(services),
    ...sampHandlers(services),
    ...regionHandlers(services),
    ...nightToolHandlers(services),
  };
}
