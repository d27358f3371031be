import { Route, Routes } from 'react-router-dom';
import { Content, Header, Page } from '@backstage/core-components';
import { DomainsList } from './DomainsList';
import { DomainDetails } from './DomainDetails';

/** The slb pages: the domains list and one page per domain. */
export function SlbPage() {
  return (
    <Page themeId="tool">
      <Header title="Domains" subtitle="Apps reached through the Nginx LB groups" />
      <Content>
        <Routes>
          <Route path="/" element={<DomainsList />} />
          <Route path="/domains/:name" element={<DomainDetails />} />
        </Routes>
      </Content>
    </Page>
  );
}
