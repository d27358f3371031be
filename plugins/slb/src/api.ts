// The API reference and client live in the slb-react package, so other plugins' pages (the cells
// app page's Domains card) use them without depending on this plugin.
export { slbApiRef, SlbClient } from '@cellport/plugin-slb-react';
export type { SlbApi, DomainListItem } from '@cellport/plugin-slb-react';
