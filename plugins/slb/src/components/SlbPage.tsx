import { Route, Routes } from 'react-router-dom';
import { Content, Header, Page } from '@backstage/core-components';
import { DomainsList } from './DomainsList';
import { DomainDetails } from './DomainDetails';
import { EvacuationLink } from './evacuation/EvacuationLink';
import { EvacuationPage } from './evacuation/EvacuationPage';

/** The slb pages: the domains list, one page per domain, and cell evacuation (platform admins). */
export function SlbPage() {
  return (
    <Page themeId="tool">
      <Header title="Domains" subtitle="Apps reached through the Nginx LB groups">
        <EvacuationLink />
      </Header>
      <Content>
        <Routes>
          <Route path="/" element={<DomainsList />} />
          <Route path="/domains/:name" element={<DomainDetails />} />
          <Route path="/evacuation" element={<EvacuationPage />} />
        </Routes>
      </Content>
    </Page>
  );
}
