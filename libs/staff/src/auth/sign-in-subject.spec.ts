import { addressBucket, normaliseLogin } from './sign-in-subject';

describe('normaliseLogin', () => {
  it('counts spellings of one login as one account', () => {
    expect(normaliseLogin('  Maija.Meikäläinen@Example.ORG ')).toBe('maija.meikäläinen@example.org');
    expect(normaliseLogin('maija.meika\u0308la\u0308inen@example.org')).toBe('maija.meikäläinen@example.org');
    expect(normaliseLogin('ｍａｉｊａ')).toBe('maija');
  });
});

describe('addressBucket', () => {
  it.each([
    ['an IPv4 address as itself', '203.0.113.7', '203.0.113.7'],
    ['an IPv4-mapped IPv6 address as the IPv4 address', '::ffff:203.0.113.7', '203.0.113.7'],
    ['a hex IPv4-mapped IPv6 address as the IPv4 address', '::FFFF:cb00:7107', '203.0.113.7'],
    ['an IPv6 address by its /64', '2001:db8:1:2:aaaa:bbbb:cccc:dddd', '2001:db8:1:2::/64'],
    ['a compressed IPv6 address by its /64', '2001:DB8::1', '2001:db8:0:0::/64'],
    ['a link-local address without its zone', 'fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['something that is not an address as itself', 'unix-socket', 'unix-socket'],
  ])('counts %s', (_case, address, bucket) => {
    expect(addressBucket(address)).toBe(bucket);
  });

  it('puts two addresses of one /64 in one bucket and the next /64 in another', () => {
    expect(addressBucket('2001:db8:1:2::1')).toBe(addressBucket('2001:db8:1:2:ffff::9'));
    expect(addressBucket('2001:db8:1:3::1')).not.toBe(addressBucket('2001:db8:1:2::1'));
  });
});
