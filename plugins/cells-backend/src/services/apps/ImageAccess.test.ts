import { imagePullPolicyFor } from '../kube/manifests';
import { imageRepositoryOf } from './ImageAccess';

describe('image references', () => {
  it('finds the registry host and repository of an image', () => {
    expect(imageRepositoryOf('127.0.0.1:5050/team/app:v1')).toEqual({ host: '127.0.0.1:5050', repository: 'team/app' });
    expect(imageRepositoryOf('registry.example/team/app@sha256:abc')).toEqual({ host: 'registry.example', repository: 'team/app' });
    expect(imageRepositoryOf('localhost/team/app')).toEqual({ host: 'localhost', repository: 'team/app' });
    expect(imageRepositoryOf('library/nginx:1.25')).toEqual({ repository: 'library/nginx' });
    expect(imageRepositoryOf('nginx')).toEqual({ repository: 'nginx' });
  });

  it('pulls private-capable images every time', () => {
    const hosts = ['127.0.0.1:5050'];
    expect(imagePullPolicyFor('127.0.0.1:5050/team/app:v1', { hasPullSecret: false, alwaysPullFrom: hosts })).toBe('Always');
    expect(imagePullPolicyFor('docker.io/library/nginx:1', { hasPullSecret: true, alwaysPullFrom: hosts })).toBe('Always');
    expect(imagePullPolicyFor('docker.io/library/nginx:1', { hasPullSecret: false, alwaysPullFrom: hosts })).toBeUndefined();
    expect(imagePullPolicyFor('127.0.0.1:5050', { hasPullSecret: false, alwaysPullFrom: hosts })).toBeUndefined();
  });
});
