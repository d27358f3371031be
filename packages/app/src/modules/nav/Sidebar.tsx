import {
  Sidebar,
  SidebarDivider,
  SidebarGroup,
  SidebarItem,
  SidebarScrollWrapper,
  SidebarSpace,
} from '@backstage/core-components';
import { NavContentBlueprint } from '@backstage/plugin-app-react';
import { SidebarLogo } from './SidebarLogo';
import MenuIcon from '@material-ui/icons/Menu';
import SearchIcon from '@material-ui/icons/Search';
import { SidebarSearchModal } from '@backstage/plugin-search';
import { UserSettingsSignInAvatar } from '@backstage/plugin-user-settings';
import { NotificationsSidebarItem } from '@backstage/plugin-notifications';
import { PlatformAdminOnly } from '@cellport/plugin-admin';

/**
 * Sidebar labels for pages whose title does not fit the sidebar (it cuts them short at every
 * width: "Platform ad…", "Catalog Gra…"), by extension ID; the pages keep their titles.
 */
const SHORT_LABELS: Record<string, string> = {
  'page:cellport-admin': 'Admin',
  'page:catalog-graph': 'Entity graph',
};

export const SidebarContent = NavContentBlueprint.make({
  params: {
    component: ({ navItems }) => {
      const nav = navItems.withComponent(item => (
        <SidebarItem
          icon={() => item.icon}
          to={item.href}
          text={SHORT_LABELS[item.node.spec.id] ?? item.title}
        />
      ));

      // Skipped items
      nav.take('page:search'); // Using search modal instead
      nav.take('page:notifications'); // Using NotificationsSidebarItem manually instead
      // platform admins only (the page is "not found" for everyone else)
      const adminItem = nav.take('page:cellport-admin');

      return (
        <Sidebar>
          <SidebarLogo />
          <SidebarGroup label="Search" icon={<SearchIcon />} to="/search">
            <SidebarSearchModal />
          </SidebarGroup>
          <SidebarDivider />
          <SidebarGroup label="Menu" icon={<MenuIcon />}>
            {nav.take('page:home')}
            {nav.take('page:catalog')}
            {nav.take('page:scaffolder')}
            <SidebarDivider />
            <SidebarScrollWrapper>
              {nav.rest({ sortBy: 'title' })}
              <PlatformAdminOnly>{adminItem}</PlatformAdminOnly>
            </SidebarScrollWrapper>
          </SidebarGroup>
          <SidebarSpace />
          <SidebarDivider />
          {/* new notifications toast at the bottom left, beside this item, instead of over the
              page's top-right controls (the scaffolder log's search at 1024 px) */}
          <NotificationsSidebarItem
            snackbarProps={{
              enabled: true,
              autoHideDuration: 10_000,
              anchorOrigin: { vertical: 'bottom', horizontal: 'left' },
            }}
          />
          <SidebarDivider />
          <SidebarGroup
            label="Settings"
            icon={<UserSettingsSignInAvatar />}
            to="/settings"
          >
            {nav.take('page:user-settings')}
          </SidebarGroup>
        </Sidebar>
      );
    },
  },
});
