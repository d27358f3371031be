import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import { MarkdownContent } from '@backstage/core-components';

const welcome = `
## Cellport

Ship your services to every cell of a region, one health-gated step at a time.

- **[Catalog](/catalog)**: your services, websites, APIs and the teams that own them.
- **[Create](/create)**: start a new service from a template.
- **Cells**: each region runs at least two Kubernetes clusters; apps deploy to several of them.
- **Images**: push and pull with ordinary clients; Cellport decides who may.

Sign in as a catalog user to see what your roles allow.
`;

const welcomeWidget = HomePageWidgetBlueprint.make({
  name: 'welcome',
  params: {
    name: 'CellportWelcome',
    title: 'Welcome to Cellport',
    description: 'What Cellport does and where to start',
    components: async () => ({
      Content: () => <MarkdownContent content={welcome} />,
    }),
  },
});

/** The Cellport home page widgets. */
export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [welcomeWidget],
});
