// Administration subcommands of sotay-server (docs/protocol.md "Operations"):
//   init --db DB --ward NAME [--office-passphrase-file F]
//       Creates the database (core store and account tables) and the ward's office
//       X25519 key pair; the secret key is stored only wrapped (Argon2id + secretbox)
//       under the office passphrase, read from the file, else from stdin (first line).
//       With neither (empty stdin) a random passphrase is generated and printed ONCE,
//       with a warning to write it down: it cannot be recovered.
//   add-group --db DB --id tdp-05 --name "Tổ dân phố số 5"
//   add-user --db DB --username NAME --role office|admin   (password: first stdin line)
//   enroll-code --db DB --role leader|trainee --group ID... [--ttl 72h]
//       Prints the one-time code on the last line of stdout; only its digest is stored.
//   devices --db DB          one line per device: id, role, groups, state, name
//   revoke --db DB --device ID   (also ends the device's sessions)
//   backup --db DB --out FILE    online copy (SQLite backup API) while the server runs
//   restore --db DB --from FILE  refuses a file that is not a Sổ tay database; the
//       replaced database is kept as DB.before-restore-<unix ms>. Stop the server first.
// Each command audits what it changed, as actor "cli".
#pragma once

#include "server/cli/cli.h"

namespace sotay {

void RegisterAdminCommands(CommandRegistry& registry);

}  // namespace sotay
