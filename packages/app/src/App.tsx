import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { navModule } from './modules/nav';
import { homeModule } from './modules/home';
import { authModule } from './modules/auth';
import { themeModule } from './modules/theme';

/**
 * The Cellport frontend. Plugins listed in this package's dependencies are discovered
 * (`app.packages: all`); Cellport's own modules are added here.
 */
export default createApp({
  features: [catalogPlugin, navModule, homeModule, authModule, themeModule],
});
