import { Header, Page } from '@backstage/core-components';
import { CellsRouter } from './CellsRouter';

/**
 * The cells plugin's page for the legacy frontend system: a header, then the user's apps, the
 * regions and cells, and each app's page.
 */
export function CellsPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Cells"
        subtitle="Apps, versions and releases across the cells of each region"
      />
      <CellsRouter />
    </Page>
  );
}
