import { isSlbDomainAvailable } from './components/entity/isSlbDomainAvailable';
import { slbPlugin } from './plugin';
import alphaPlugin from './alpha';

describe('slb plugin', () => {
  it('exists in both frontend systems', () => {
    expect(slbPlugin.getId()).toBe('slb');
    expect(alphaPlugin.id).toBe('slb');
  });

  it('shows the Domain tab for entities annotated cellport.io/domain only', () => {
    const entity = (annotations?: Record<string, string>) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'shop', annotations },
    });
    expect(isSlbDomainAvailable(entity({ 'cellport.io/domain': 'shop.example.com, www.example.com' }))).toBe(true);
    expect(isSlbDomainAvailable(entity({ 'cellport.io/domain': ' , ' }))).toBe(false);
    expect(isSlbDomainAvailable(entity())).toBe(false);
  });
});
