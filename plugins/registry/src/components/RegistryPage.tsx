import { Routes, Route } from 'react-router-dom';
import { Header, Page } from '@backstage/core-components';
import { CredentialsPage } from './CredentialsPage';
import { GroupPage } from './GroupPage';
import { RegistryHome } from './RegistryHome';
import { RepositoryPage } from './RepositoryPage';

/**
 * The registry pages: the home page (groups and repositories), one page per group and per
 * repository, and the credentials page.
 *
 * @public
 */
export function RegistryPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Registry"
        subtitle="Image groups and repositories of the Cellport registry"
      />
      <Routes>
        <Route path="/" element={<RegistryHome />} />
        <Route path="/credentials" element={<CredentialsPage />} />
        <Route path="/groups/:group" element={<GroupPage />} />
        <Route
          path="/repositories/:group/:name"
          element={<RepositoryPage />}
        />
      </Routes>
    </Page>
  );
}
