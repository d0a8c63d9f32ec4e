/**
 * @module `wbemrx users add|remove|list`: the users file of `wbemrx serve` (names, salted scrypt
 * password hashes, groups, default update mode). The password comes from a terminal prompt (not
 * echoed, asked twice) or, for scripts, from standard input with `--password-stdin`; never from
 * the command line, where other users of the machine could read it.
 */
import {
  addUser,
  checkUserName,
  makeUserRecord,
  parseUpdateMode,
  readUsersFile,
  removeUser,
  WBEM_E_INVALID_PARAMETER,
  WbemError,
  writeUsersFile,
} from '../../index.js';
import type { Command } from '../command.js';

export const DEFAULT_USERS_FILE = 'wbemrx-users.json';

function invalid(message: string): WbemError {
  return new WbemError(WBEM_E_INVALID_PARAMETER, { message });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > 64 * 1024) throw invalid('--password-stdin: more than 64 KiB on standard input');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Reads one line from the terminal without echoing it. */
function promptHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let text = '';
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const done = (error?: WbemError): void => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (error === undefined) resolve(text);
      else reject(error);
    };
    const onData = (data: string): void => {
      for (const c of data) {
        if (c === '\r' || c === '\n') {
          done();
          return;
        }
        if (c === '\u0003') {
          done(invalid('cancelled'));
          return;
        }
        if (c === '\u007f' || c === '\b') text = text.slice(0, -1);
        else text += c;
      }
    };
    stdin.on('data', onData);
  });
}

async function readPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin) return readStdin();
  if (process.stdin.isTTY !== true) {
    throw invalid('standard input is not a terminal: give the password with --password-stdin');
  }
  const first = await promptHidden('Password: ');
  const second = await promptHidden('Password again: ');
  if (first !== second) throw invalid('the passwords differ');
  return first;
}

export const usersCommand: Command = {
  name: 'users',
  summary: 'add, remove or list the users of `wbemrx serve`',
  help: `Usage: wbemrx users add NAME [--group G]... [--update-mode M] [--password-stdin]
       wbemrx users remove NAME
       wbemrx users list
       (each with [--users FILE])

Manages the users file of \`wbemrx serve\`: each user has a salted scrypt password hash,
the groups it belongs to and, optionally, the PutClass update mode its ModifyClass requests
use (compatible, safe or force) when they do not send an X-WBEMRX-UpdateMode header.
Namespace security applies to them as to any principal: the default descriptor grants
ordinary users read access only; put a user in Administrators to write classes.
A running server follows the file: users added or removed and new passwords apply to its
next request; a change of groups applies when it next starts.

Options:
      --users FILE       the users file (default ./${DEFAULT_USERS_FILE})
      --group G          add: a group the user belongs to (repeatable)
      --update-mode M    add: the user's default update mode
      --password-stdin   add: read the password from standard input (else prompted)
  -h, --help             show this help
`,
  options: {
    users: { type: 'string' },
    group: { type: 'string', multiple: true },
    'update-mode': { type: 'string' },
    'password-stdin': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
  async run(args, io) {
    const file = args.string('users', DEFAULT_USERS_FILE);
    const [action, name, ...extra] = args.positionals;
    if (extra.length > 0) throw invalid(`unexpected argument '${extra[0]}'`);
    const users = await readUsersFile(file);
    if (action === 'list') {
      for (const u of users.users) {
        const mode = u.updateMode === undefined ? '' : `  update-mode=${u.updateMode}`;
        io.out(`${u.name}${u.groups.length > 0 ? `  groups=${u.groups.join(',')}` : ''}${mode}\n`);
      }
      return;
    }
    if (name === undefined) throw invalid(`users ${action ?? ''}: a user NAME is required`);
    if (action === 'add') {
      checkUserName(name);
      const mode = args.optionalString('update-mode');
      const password = await readPassword(args.flag('password-stdin'));
      const record = await makeUserRecord(
        name,
        password,
        args.strings('group'),
        mode === undefined ? undefined : parseUpdateMode(mode, '--update-mode'),
      );
      await writeUsersFile(file, addUser(users, record));
      io.err(`added user ${name} to ${file}\n`);
      return;
    }
    if (action === 'remove') {
      await writeUsersFile(file, removeUser(users, name));
      io.err(`removed user ${name} from ${file}\n`);
      return;
    }
    throw invalid(`users: unknown action '${action ?? ''}' (add, remove, list)`);
  },
};
