import { Anchor, AppShell, Burger, Group, NavLink, Stack, Text, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { Link, Outlet, useLocation } from "react-router";
import { isAdmin, isTeamMember, useLogout, useMe } from "../features/identity/session.tsx";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/i18n.tsx";
import { extraNavItems } from "./extensions.tsx";
import { LanguageSwitch } from "./LanguageSwitch.tsx";

interface Item {
  to: string;
  label: MessageKey;
}

export function Layout() {
  const { t } = useI18n();
  const me = useMe();
  const logout = useLogout();
  const location = useLocation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const team = isTeamMember(me);

  const items: Item[] = team
    ? [
        { to: "/", label: "nav.queue" },
        ...extraNavItems.filter((item) => item.visible(me)),
        ...(isAdmin(me)
          ? ([
              { to: "/admin/users", label: "nav.users" },
              { to: "/admin/tenants", label: "nav.tenants" },
            ] as Item[])
          : []),
        { to: "/admin/tokens", label: "nav.tokens" },
      ]
    : [
        { to: "/portal", label: "nav.portal" },
        { to: "/portal/new", label: "nav.portalNew" },
      ];
  items.push({ to: "/account/password", label: "nav.password" });

  const who = me.user?.displayName || me.user?.email || me.actor;
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 230, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding="md"
    >
      <a className="skip-link" href="#main">
        {t("app.skip")}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={t("nav.menu")}
            />
            <Anchor component={Link} to={team ? "/" : "/portal"} underline="never" c="dark">
              <Title order={2} size="h4">
                {t("app.name")}
              </Title>
            </Anchor>
          </Group>
          <Text size="sm" c="dimmed" visibleFrom="sm" truncate>
            {t("nav.signedInAs", { who, role: me.role })}
          </Text>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t("nav.menu")}>
        <Stack gap={2} justify="space-between" h="100%">
          <nav aria-label={t("nav.menu")}>
            {items.map((item) => (
              <NavLink
                key={item.to}
                component={Link}
                to={item.to}
                label={t(item.label)}
                active={item.to === "/" ? location.pathname === "/" : location.pathname === item.to}
                onClick={close}
              />
            ))}
            <NavLink component="button" label={t("nav.logout")} onClick={() => void logout()} />
          </nav>
          <LanguageSwitch />
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main id="main">
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
