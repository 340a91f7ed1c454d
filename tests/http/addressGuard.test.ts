import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkAddress } from '../../src/http/addressGuard.js';

describe('checkAddress: may an article link make us connect here?', () => {
  it('refuses private, loopback, link-local and reserved addresses', () => {
    for (const ip of ['10.0.0.1', '127.0.0.1', '127.8.9.10', '172.16.5.4', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fe80::1', 'fd12:3456::1', '::ffff:10.0.0.1', '::ffff:127.0.0.1', '224.0.0.1']) {
      const decision = checkAddress(ip, false);
      assert.equal(decision.allowed, false, ip);
      if (!decision.allowed) assert.match(decision.reason, /allowPrivateNetworks/);
    }
  });

  it('allows public addresses', () => {
    for (const ip of ['93.184.216.34', '8.8.8.8', '2606:4700::1111', '172.32.0.1']) assert.equal(checkAddress(ip, false).allowed, true, ip);
  });

  it('allows everything when the config allows private networks, but never a non-address', () => {
    assert.equal(checkAddress('10.0.0.1', true).allowed, true);
    assert.equal(checkAddress('not-an-ip', true).allowed, false);
  });
});
