// A real OpenID Connect provider for the single sign-on tests (oidc-provider, the certified
// Node implementation), with its own login and consent pages ("dev interactions": any login
// name is the account id, any password). Settings come as JSON in OIDC_SETTINGS:
//   { "port": 0, "now": <Unix time of the test clock>, "clients": [{client_id, client_secret, redirect_uris, post_logout_redirect_uris}],
//     "accounts": { "<login>": { "email": …, "email_verified": true, "name": …, "org": … } } }
// Prints "listening <issuer>" once it accepts connections.
import Provider from "oidc-provider";

const settings = JSON.parse(process.env.OIDC_SETTINGS);
// The suite runs on a pinned clock: tokens must be issued on its time, not the machine's.
if (settings.now) {
  const offset = settings.now * 1000 - Date.now();
  const machineNow = Date.now.bind(Date);
  Date.now = () => machineNow() + offset;
}
const server = (await import("node:http")).createServer();
await new Promise((resolve) => server.listen(settings.port ?? 0, "127.0.0.1", resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: settings.clients.map((client) => ({
    grant_types: ["authorization_code"],
    response_types: ["code"],
    token_endpoint_auth_method: "client_secret_basic",
    ...client,
  })),
  claims: {
    openid: ["sub"],
    email: ["email", "email_verified"],
    profile: ["name"],
    organisation: ["org"],
  },
  scopes: ["openid", "email", "profile", "organisation"],
  async findAccount(ctx, id) {
    const account = settings.accounts[id];
    if (!account) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...account }; } };
  },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  pkce: { required: () => false },
  cookies: { keys: ["plenaria-test-cookie-key"] },
});
provider.proxy = false;
server.on("request", provider.callback());
process.stdout.write(`listening ${issuer}\n`);
