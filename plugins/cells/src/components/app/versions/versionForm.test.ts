import { paymentsVersions } from '../../../__testUtils__/fixtures';
import {
  formFromVersion,
  formToRequest,
  suggestNextVersionName,
  validateVersionForm,
} from './versionForm';

describe('version form', () => {
  it('suggests the next version name', () => {
    expect(suggestNextVersionName('v2')).toBe('v3');
    expect(suggestNextVersionName('1-4-9')).toBe('1-4-10');
    expect(suggestNextVersionName('stable')).toBe('');
    expect(suggestNextVersionName(undefined)).toBe('');
  });

  it('round-trips the latest version spec, filling new cells with its largest count', () => {
    const latest = paymentsVersions[0];
    const form = formFromVersion(latest, ['dev-1', 'dev-2', 'dev-3']);
    expect(form.replicas).toEqual({ 'dev-1': '3', 'dev-2': '2', 'dev-3': '3' });
    const { request, errors } = validateVersionForm(form);
    expect(errors).toEqual({});
    expect(request.name).toBe('v3');
    expect(request.spec).toEqual({
      ...latest.spec,
      replicas: { 'dev-1': 3, 'dev-2': 2, 'dev-3': 3 },
    });
  });

  it('starts a first version with defaults the schema accepts, except the image', () => {
    const form = formFromVersion(undefined, ['dev-1']);
    expect(form.name).toBe('v1');
    expect(validateVersionForm(form).errors).toEqual({
      'spec.image': 'image is required',
    });
  });

  it('reports problems by field path', () => {
    const form = {
      ...formFromVersion(paymentsVersions[0], ['dev-1']),
      name: 'V 3',
      replicas: { 'dev-1': '-1' },
      cpuRequest: 'lots',
      env: [{ name: '1 bad', value: 'x' }],
      minReplicas: '5',
      maxReplicas: '2',
    };
    const { errors } = validateVersionForm(form);
    expect(Object.keys(errors).sort()).toEqual([
      'name',
      'spec.autoscaling',
      'spec.env.0.name',
      'spec.replicas.dev-1',
      'spec.resources.requests.cpu',
    ]);
    expect(errors['spec.replicas.dev-1']).toBe('replicas must be 0 or more');
  });

  it('drops empty env rows and the health check port when blank', () => {
    const form = {
      ...formFromVersion(paymentsVersions[1], ['dev-1']),
      env: [{ name: '', value: '' }],
      healthPort: '',
      autoscaling: false,
    };
    const { spec } = formToRequest(form);
    expect(spec.env).toEqual([]);
    expect(spec.healthCheck).not.toHaveProperty('port');
    expect(spec).not.toHaveProperty('autoscaling');
  });
});
