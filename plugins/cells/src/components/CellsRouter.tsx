import type { ElementType } from 'react';
import type { TabProps } from '@material-ui/core';
import {
  Outlet,
  Route,
  Routes,
  useLocation,
  useNavigate,
  useParams,
  useResolvedPath,
} from 'react-router-dom';
import { Content, HeaderTabs, Link } from '@backstage/core-components';
import { AppsHome } from './apps/AppsHome';
import { AppView } from './app/AppView';
import { RegionsView } from './regions/RegionsView';

/**
 * The path of the regions view under the plugin root. It starts with `-`, which no app name (a
 * DNS label) can, so it never hides an app's page `/:app`.
 */
export const REGIONS_PATH = '-/regions';

type TabLinkProps = TabProps<ElementType, { component?: ElementType }>;

/** Tab props that make a header tab a router link. */
const linkTo = (to: string) => ({ component: Link, to } as TabLinkProps);

function HomeLayout() {
  const base = useResolvedPath('.').pathname.replace(/\/$/, '');
  const { pathname } = useLocation();
  const regions = pathname.replace(/\/$/, '').endsWith(`/${REGIONS_PATH}`);
  return (
    <>
      <HeaderTabs
        selectedIndex={regions ? 1 : 0}
        tabs={[
          {
            id: 'apps',
            label: 'Apps',
            tabProps: linkTo(base || '/'),
          },
          {
            id: 'regions',
            label: 'Regions and cells',
            tabProps: linkTo(`${base}/${REGIONS_PATH}`),
          },
        ]}
      />
      <Content>
        <Outlet />
      </Content>
    </>
  );
}

function AppPage() {
  const { app = '' } = useParams();
  const navigate = useNavigate();
  return <AppView key={app} name={app} onDeleted={() => navigate('..')} />;
}

/**
 * The cells plugin's pages, relative to where they are mounted: the user's apps (`/`), regions
 * and cells (`/-/regions`) and one page per app (`/:app`, with its tabs below it).
 */
export function CellsRouter() {
  return (
    <Routes>
      <Route element={<HomeLayout />}>
        <Route index element={<AppsHome />} />
        <Route path={REGIONS_PATH} element={<RegionsView />} />
      </Route>
      <Route path=":app/*" element={<AppPage />} />
    </Routes>
  );
}
