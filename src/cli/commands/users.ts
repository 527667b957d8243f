import { CliError, call, withApi } from "../api-client.ts";
import { configFrom, parse, readStdin } from "../args.ts";
import { printObject, printRows } from "../output.ts";

const userUsage = `Usage:
  vigil user add --email E --role ROLE [--tenant T] [--name NAME] [--password-stdin]
      Roles: admin, lead, handler, psirt, auditor, constituent (constituents need --tenant).
      Without --password-stdin a password is generated and printed once.
  vigil user list [--json]
  vigil user set --email E [--role ROLE] [--tenant T|--no-tenant] [--disable|--enable]`;

export async function userCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      email: { type: "string" },
      role: { type: "string" },
      tenant: { type: "string" },
      "no-tenant": { type: "boolean" },
      name: { type: "string" },
      "password-stdin": { type: "boolean" },
      disable: { type: "boolean" },
      enable: { type: "boolean" },
    },
    userUsage,
  );
  const config = configFrom(values);
  const sub = positionals[0];
  if (sub === "add") {
    if (!values.email || !values.role)
      throw new CliError(`--email and --role are required\n\n${userUsage}`, 2);
    const password = values["password-stdin"] ? await readStdin() : undefined;
    const result = await withApi(config, (api) =>
      call<{ user: Record<string, unknown>; generatedPassword: string | null }>(
        api,
        "POST",
        "/api/users",
        {
          email: values.email,
          role: values.role,
          ...(values.tenant ? { tenant: values.tenant } : {}),
          ...(values.name ? { displayName: values.name } : {}),
          ...(password !== undefined ? { password } : {}),
        },
      ),
    );
    if (values.json) printObject(result, true);
    else {
      process.stdout.write(
        `Created ${result.user.role} ${result.user.email} (${result.user.id}).\n`,
      );
      if (result.generatedPassword) {
        process.stdout.write(`Password (shown once): ${result.generatedPassword}\n`);
      }
    }
    return 0;
  }
  if (sub === "list") {
    const { items } = await withApi(config, (api) =>
      call<{ items: Record<string, unknown>[] }>(api, "GET", "/api/users"),
    );
    printRows(items, ["email", "role", "tenantId", "disabled", "id"], values.json, items);
    return 0;
  }
  if (sub === "set") {
    if (!values.email) throw new CliError(`--email is required\n\n${userUsage}`, 2);
    const updated = await withApi(config, async (api) => {
      const { items } = await call<{ items: { id: string; email: string }[] }>(
        api,
        "GET",
        "/api/users",
      );
      const user = items.find((u) => u.email === values.email?.toLowerCase());
      if (!user) throw new CliError(`No user ${values.email}.`);
      return call(api, "PATCH", `/api/users/${user.id}`, {
        ...(values.role ? { role: values.role } : {}),
        ...(values.tenant
          ? { tenant: values.tenant }
          : values["no-tenant"]
            ? { tenant: null }
            : {}),
        ...(values.name ? { displayName: values.name } : {}),
        ...(values.disable ? { disabled: true } : values.enable ? { disabled: false } : {}),
      });
    });
    printObject(updated, values.json);
    return 0;
  }
  throw new CliError(userUsage, 2);
}

const tokenUsage = `Usage:
  vigil token create --email E [--scopes read,write,admin,audit] [--name NAME] [--expires-days N]
      Prints only the token (shown once). Use it as: Authorization: Bearer <token>`;

export async function tokenCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      email: { type: "string" },
      scopes: { type: "string" },
      name: { type: "string" },
      "expires-days": { type: "string" },
    },
    tokenUsage,
  );
  if (positionals[0] !== "create" || !values.email) throw new CliError(tokenUsage, 2);
  const created = await withApi(configFrom(values), (api) =>
    call<{ token: string }>(api, "POST", "/api/tokens", {
      email: values.email,
      name: values.name ?? "cli",
      ...(values.scopes ? { scopes: values.scopes.split(",").map((s) => s.trim()) } : {}),
      ...(values["expires-days"] ? { expiresInDays: Number(values["expires-days"]) } : {}),
    }),
  );
  if (values.json) printObject(created, true);
  else process.stdout.write(`${created.token}\n`);
  return 0;
}

const tenantUsage = `Usage:
  vigil tenant add --slug SLUG --name NAME
  vigil tenant list [--json]`;

export async function tenantCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(
    args,
    { slug: { type: "string" }, name: { type: "string" } },
    tenantUsage,
  );
  const config = configFrom(values);
  if (positionals[0] === "add") {
    if (!values.slug || !values.name) throw new CliError(tenantUsage, 2);
    const tenant = await withApi(config, (api) =>
      call(api, "POST", "/api/tenants", { slug: values.slug, name: values.name }),
    );
    printObject(tenant, values.json);
    return 0;
  }
  if (positionals[0] === "list") {
    const { items } = await withApi(config, (api) =>
      call<{ items: Record<string, unknown>[] }>(api, "GET", "/api/tenants"),
    );
    printRows(items, ["slug", "name", "id"], values.json, items);
    return 0;
  }
  throw new CliError(tenantUsage, 2);
}
