import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkAddress, embeddedIpv4 } from '../../src/http/addressGuard.js';

describe('checkAddress: may an article link make us connect here?', () => {
  it('refuses private, loopback, link-local and reserved addresses', () => {
    for (const ip of [
      '10.0.0.1',
      '127.0.0.1',
      '127.8.9.10',
      '172.16.5.4',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fe80::1',
      'fd12:3456::1',
      '::ffff:10.0.0.1',
      '::ffff:127.0.0.1',
      '224.0.0.1',
    ]) {
      const decision = checkAddress(ip, false);
      assert.equal(decision.allowed, false, ip);
      if (!decision.allowed) assert.match(decision.reason, /allowPrivateNetworks/);
    }
  });

  it('allows public addresses', () => {
    for (const ip of ['93.184.216.34', '8.8.8.8', '2606:4700::1111', '172.32.0.1'])
      assert.equal(checkAddress(ip, false).allowed, true, ip);
  });

  it('allows everything when the config allows private networks, but never a non-address', () => {
    assert.equal(checkAddress('10.0.0.1', true).allowed, true);
    assert.equal(checkAddress('not-an-ip', true).allowed, false);
  });

  it('judges IPv6 transition forms by the IPv4 address they carry', () => {
    const forms: Array<[string, string | null, boolean]> = [
      ['::ffff:127.0.0.1', '127.0.0.1', false],
      ['::ffff:7f00:1', '127.0.0.1', false],
      ['::ffff:8.8.8.8', '8.8.8.8', true],
      ['::7f00:1', '127.0.0.1', false],
      ['::127.0.0.1', '127.0.0.1', false],
      ['64:ff9b::a00:1', '10.0.0.1', false],
      ['64:ff9b::808:808', '8.8.8.8', true],
      ['2002:7f00:1::1', '127.0.0.1', false],
      ['2002:a00:1::5', '10.0.0.1', false],
      ['2002:808:808::1', '8.8.8.8', true],
    ];
    for (const [ip, v4, allowed] of forms) {
      assert.equal(embeddedIpv4(ip), v4, ip);
      assert.equal(checkAddress(ip, false).allowed, allowed, ip);
    }
  });

  it('refuses site-local and Teredo addresses, which hide where they lead', () => {
    for (const ip of ['fec0::1', 'feff::1', '2001:0:4136:e378:8000:63bf:3fff:fdd2'])
      assert.equal(checkAddress(ip, false).allowed, false, ip);
  });
});
