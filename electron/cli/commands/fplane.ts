/** `nightdeck fplane import|get|update|history`: the focal-plane history in the local store. */
import { UsageError, type CliCommand, parseCommandArgs } from '../command.js';
import { StoreError } from '../../host/store/errors.js';
import { FplaneStore } from '../../host/store/fplane.js';
import { readInputFile, siteLongitudeDeg, withDatabase } from './store-access.js';

const usage = `Usage:
  nightdeck fplane import FILE --from YYYYMMDD          store an fplane file as the configuration from that night
  nightdeck fplane get [DATESTR] [--short] [--actual]    print the fplane in force (default: now)
  nightdeck fplane update CONFIG.json [--from DATE] [--commit]
                                                         print the fplane an update gives; store it only with --commit
  nightdeck fplane history                               list every stored configuration
DATESTR: YYYYMMDD (midnight, site time, of the night starting that date), YYYYMMDDTHH:MM:SS (DATE-OBS, UTC),
ISO-8601, or latest/current. --short: only active VIRUS IFUs; --actual: measured positions where recorded.
CONFIG.json: {"config": {"ifus": [{"ifuslot", "x", "y", "specid", "specslot", "ifuid", "ifurot", "platesc", "active"?, "actual"?}]}}`;

function parseUpdateFile(path: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(readInputFile(path));
  } catch (err) {
    if (err instanceof StoreError) throw err;
    const reason = (err as Error).message;
    throw new StoreError('INVALID_FPLANE', `${path} is not valid JSON: ${reason}`, [`${path}: ${reason}`]);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new StoreError('INVALID_FPLANE', `${path} must hold a JSON object`, [`${path}: not an object`]);
  }
  const obj = json as Record<string, unknown>;
  // Accept the HTTP body as is, or just its config ({"ifus": [...]}).
  return 'config' in obj ? obj : { config: obj };
}

const command: CliCommand = {
  summary: 'focal-plane (fplane) configurations: import, get for a date, update, history',
  usage,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    const parsed = parseCommandArgs({
      args: rest,
      allowPositionals: true,
      options: {
        from: { type: 'string' },
        short: { type: 'boolean', default: false },
        actual: { type: 'boolean', default: false },
        commit: { type: 'boolean', default: false },
      },
    });
    const { values, positionals } = parsed;
    const store = (db: Parameters<Parameters<typeof withDatabase>[0]>[0]) =>
      new FplaneStore(db, { siteLongitudeDeg: siteLongitudeDeg() });

    switch (sub) {
      case 'import': {
        if (positionals.length !== 1) throw new UsageError('fplane import needs exactly one FILE');
        if (!values.from) throw new UsageError('fplane import needs --from YYYYMMDD');
        const text = readInputFile(positionals[0]!);
        const entry = await withDatabase((db) => store(db).importText(text, values.from!));
        io.stdout(
          `imported ${entry.seats} seats (${entry.activeVirus} active VIRUS IFUs) as configuration ${entry.id}, valid from ${entry.validFrom}`,
        );
        return 0;
      }
      case 'get': {
        if (positionals.length > 1) throw new UsageError('fplane get takes at most one DATESTR');
        const text = await withDatabase((db) =>
          store(db).getText(positionals[0], { full: !values.short, actualPos: values.actual }),
        );
        io.stdout(text);
        return 0;
      }
      case 'update': {
        if (positionals.length !== 1) throw new UsageError('fplane update needs exactly one CONFIG.json');
        const body = parseUpdateFile(positionals[0]!);
        body.commit = values.commit;
        if (values.from !== undefined) body.datestr = values.from;
        const text = await withDatabase((db) => store(db).update(body));
        io.stdout(text);
        io.stderr(values.commit ? 'committed: stored as a new configuration' : 'dry run: nothing stored (add --commit to store it)');
        return 0;
      }
      case 'history': {
        if (positionals.length) throw new UsageError('fplane history takes no arguments');
        const entries = await withDatabase((db) => store(db).history());
        if (entries.length === 0) {
          io.stdout('no fplane configuration stored yet (nightdeck fplane import FILE --from YYYYMMDD)');
          return 0;
        }
        io.stdout(['id', 'valid from', 'valid until', 'origin', 'seats', 'active VIRUS'].join('\t'));
        for (const e of entries) {
          io.stdout([e.id, e.validFrom, e.validUntil ?? 'current', e.origin, e.seats, e.activeVirus].join('\t'));
        }
        return 0;
      }
      default:
        throw new UsageError(sub ? `unknown fplane command '${sub}'` : 'fplane needs a command');
    }
  },
};

export default command;
