import { AppShell, Anchor, Burger, Button, Group, Menu, NavLink, Text, UnstyledButton } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconChevronDown, IconStethoscope, IconUserCircle } from "@tabler/icons-react";
import { Suspense, useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { Link, NavLink as RouterNavLink, Outlet, useLocation, useNavigate } from "react-router-dom";
import { useAuth } from "../auth/context";
import { PageLoader } from "../auth/guards";
import { LanguageMenu } from "./LanguageMenu";
import { LiveToasts } from "./LiveToasts";
import { WaitlistOfferBanner } from "./WaitlistOfferBanner";
import { navFor } from "./nav";
import { MessagesButton, UrgentButton } from "./MessagesButton";
import { NotificationBell } from "./NotificationBell";
import classes from "./AppLayout.module.css";

function isActive(pathname: string, to: string): boolean {
  if (to === "/doctor" || to === "/admin") return pathname === to;
  return pathname === to || pathname.startsWith(`${to}/`);
}

export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure(false);
  const { user, role, logout } = useAuth();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const { t } = useTranslation();
  const items = navFor(role, user);
  const firstPath = useRef(pathname);

  // After a page change, keyboard and screen-reader users continue from the new page's content, not the old link.
  useEffect(() => {
    if (pathname === firstPath.current) return;
    firstPath.current = "";
    document.getElementById("main")?.focus({ preventScroll: true });
  }, [pathname]);

  async function signOut() {
    close();
    await logout();
    navigate("/login", { replace: true });
  }

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 260, breakpoint: "md", collapsed: { mobile: !opened, desktop: true } }}
      padding="md"
    >
      <a href="#main" className={classes.skip}>
        {t("app.skip")}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="md" size="sm" aria-label={opened ? t("nav.closeMenu") : t("nav.openMenu")} />
            <Anchor component={Link} to="/" underline="never" className={classes.brand} aria-label={t("app.home")}>
              <IconStethoscope size={26} aria-hidden />
              <Text component="span" fw={750} fz="lg">
                DocSpot
              </Text>
            </Anchor>
          </Group>
          <Group gap={4} visibleFrom="md" component="nav" aria-label={t("nav.main")}>
            {items
              .filter((item) => !item.secondary)
              .map((item) => (
                <Button
                  key={item.to}
                  component={RouterNavLink}
                  to={item.to}
                  end={item.to === "/doctor" || item.to === "/admin"}
                  variant={isActive(pathname, item.to) ? "light" : "subtle"}
                  aria-current={isActive(pathname, item.to) ? "page" : undefined}
                >
                  {t(`nav.${item.label}`)}
                </Button>
              ))}
          </Group>
          <Group gap="xs" wrap="nowrap">
            {!user && <LanguageMenu />}
            {role === "patient" && <MessagesButton to="/messages" />}
            {role === "doctor" && user?.doctor_status === "APPROVED" && <UrgentButton />}
            {role === "doctor" && user?.doctor_status === "APPROVED" && <MessagesButton to="/doctor/messages" />}
            {user && <NotificationBell />}
            {user && (
              <Menu position="bottom-end" withinPortal>
                <Menu.Target>
                  <UnstyledButton className={classes.user} aria-label={t("nav.accountMenu", { name: user.name })}>
                    <IconUserCircle size={20} aria-hidden />
                    <Text component="span" fz="sm" fw={600} visibleFrom="sm" truncate maw={160}>
                      {user.name}
                    </Text>
                    <Text component="span" fz="sm" fw={600} hiddenFrom="sm">
                      {t("nav.account")}
                    </Text>
                    <IconChevronDown size={16} aria-hidden />
                  </UnstyledButton>
                </Menu.Target>
                <Menu.Dropdown>
                  {items
                    .filter((item) => item.secondary)
                    .map((item) => (
                      <Menu.Item key={item.to} component={Link} to={item.to}>
                        {t(`nav.${item.label}`)}
                      </Menu.Item>
                    ))}
                  <Menu.Item onClick={() => void signOut()}>{t("nav.signOut")}</Menu.Item>
                </Menu.Dropdown>
              </Menu>
            )}
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" component="nav" aria-label={t("nav.mainMenu")}>
        {items.map((item) => (
          <NavLink
            key={item.to}
            component={RouterNavLink}
            to={item.to}
            label={t(`nav.${item.label}`)}
            active={isActive(pathname, item.to)}
            onClick={close}
          />
        ))}
        {user && <NavLink label={t("nav.signOut")} component="button" onClick={() => void signOut()} />}
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1} className={classes.main}>
        {user && <LiveToasts />}
        {role === "patient" && <WaitlistOfferBanner />}
        <Suspense fallback={<PageLoader />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
