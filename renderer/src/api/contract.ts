/**
 * The console's view of the host contract: TYPES ONLY from electron/host/api.ts
 * (erased at build time, so neither zod nor Node reaches the bundle).
 */
import type { ResponseOf } from '../../../electron/host/api';

export type {
  OperationName,
  RequestOf,
  ResponseOf,
  EventName,
  EventOf,
  FrameSummary,
  FrameStatus,
  Region,
  Point,
  ApiCard,
  ApiHduInfo,
  ApiImageStatistics,
  ApiFrameQuality,
  Histogram,
  Wcs,
  Settings,
  SourceInfo,
  SourceStatus,
  S3Config,
  FolderConfig,
  FplaneRow,
  RegionFileSystem,
  RegionStatisticsRow,
} from '../../../electron/host/api';

export type NightSummary = ResponseOf<'listNights'>['nights'][number];
export type OpenedFrame = ResponseOf<'openFrame'>;
export type PreviewResult = ResponseOf<'getPreview'>;
export type TrendPoint = ResponseOf<'getTrends'>['points'][number];
export type FrameDetails = ResponseOf<'getFrame'>;
