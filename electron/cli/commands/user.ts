/** `nightdeck user add|list|rotate|revoke`: who may change the fplane or reach the console remotely. */
import { UsageError, type CliCommand, parseCommandArgs } from '../command.js';
import { UserStore, type UserRole } from '../../host/store/users.js';
import { withDatabase } from './store-access.js';

const usage = `Usage:
  nightdeck user add -u NAME -e EMAIL FIRST LAST [--role observer|admin]   prints the new API key once (last line)
  nightdeck user list
  nightdeck user rotate NAME     replaces NAME's API key; prints the new one once (last line)
  nightdeck user revoke NAME     refuses NAME's keys from now on
Keys are stored only as salted scrypt hashes: a lost key cannot be shown again, only rotated.`;

const command: CliCommand = {
  summary: 'users and API keys: add, list, rotate, revoke',
  usage,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    const parsed = parseCommandArgs({
      args: rest,
      allowPositionals: true,
      options: {
        username: { type: 'string', short: 'u' },
        email: { type: 'string', short: 'e' },
        role: { type: 'string', default: 'observer' },
      },
    });
    const { values, positionals } = parsed;
    switch (sub) {
      case 'add': {
        if (!values.username || !values.email) throw new UsageError('user add needs -u NAME and -e EMAIL');
        if (positionals.length !== 2) throw new UsageError('user add needs FIRST and LAST names');
        if (values.role !== 'observer' && values.role !== 'admin') throw new UsageError(`--role must be observer or admin, not '${values.role}'`);
        const { user, apiKey } = await withDatabase((db) =>
          new UserStore(db).add({
            username: values.username!,
            email: values.email!,
            first: positionals[0]!,
            last: positionals[1]!,
            role: values.role as UserRole,
          }),
        );
        io.stdout(`added ${user.role} '${user.username}' (${user.first} ${user.last} <${user.email}>)`);
        io.stdout('API key (shown only now; keep it secret):');
        io.stdout(apiKey);
        return 0;
      }
      case 'list': {
        if (positionals.length) throw new UsageError('user list takes no arguments');
        const users = await withDatabase((db) => new UserStore(db).list());
        if (users.length === 0) {
          io.stdout('no users yet (nightdeck user add -u NAME -e EMAIL FIRST LAST --role admin)');
          return 0;
        }
        io.stdout(['username', 'role', 'email', 'name', 'created', 'last used', 'status'].join('\t'));
        for (const u of users) {
          io.stdout(
            [u.username, u.role, u.email, `${u.first} ${u.last}`, u.createdAt, u.lastUsedAt ?? 'never', u.revokedAt ? `revoked ${u.revokedAt}` : 'active'].join('\t'),
          );
        }
        return 0;
      }
      case 'rotate': {
        if (positionals.length !== 1) throw new UsageError('user rotate needs NAME');
        const apiKey = await withDatabase((db) => new UserStore(db).rotate(positionals[0]!));
        io.stdout(`new API key for '${positionals[0]}' (the old one no longer works; shown only now):`);
        io.stdout(apiKey);
        return 0;
      }
      case 'revoke': {
        if (positionals.length !== 1) throw new UsageError('user revoke needs NAME');
        const user = await withDatabase((db) => new UserStore(db).revoke(positionals[0]!));
        io.stdout(`revoked '${user.username}': their API keys are refused from now on`);
        return 0;
      }
      default:
        throw new UsageError(sub ? `unknown user command '${sub}'` : 'user needs a command');
    }
  },
};

export default command;
