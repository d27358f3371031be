import { Header, Page } from '@backstage/core-components';
import { Route, Routes } from 'react-router-dom';
import { BuildPage } from './BuildPage';
import { ConfigPage } from './ConfigPage';
import { ConfigsList } from './ConfigsList';

/**
 * The builds pages: build configs (and the live agents), one page per config (builds, webhooks,
 * members, activity) and one per build (steps, live log).
 *
 * @public
 */
export function BuildsPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Builds"
        subtitle="Git → Dockerfile → image, on the build agents"
      />
      <Routes>
        <Route path="/" element={<ConfigsList />} />
        <Route path="/:config" element={<ConfigPage />} />
        <Route path="/:config/builds/:number" element={<BuildPage />} />
      </Routes>
    </Page>
  );
}
