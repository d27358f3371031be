import { Header, Page } from '@backstage/core-components';
import { CellsRouter } from './CellsRouter';

/**
 * The cells plugin's page (both frontend systems): a header, then the user's apps, the regions and
 * cells, and each app's page.
 */
export function CellsPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Cells"
        subtitle="Apps, versions and releases across the cells of each region"
      />
      {/* one grid child below the header: the app page's own header, tabs and content stack
          in it instead of being spread over the Page grid's columns */}
      <div style={{ gridArea: 'pageContent', minWidth: 0 }}>
        <CellsRouter />
      </div>
    </Page>
  );
}
