import { describe, expect, it } from "vitest";
import { isLocalHostname, isPublicAddress } from "./address-policy.ts";

describe("isPublicAddress", () => {
  it.each([
    "127.0.0.1", "127.255.255.254", "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "169.254.0.1",
    "100.64.0.1", "100.127.255.255", "0.0.0.0", "0.1.2.3", "224.0.0.1", "239.255.255.250", "255.255.255.255", "192.0.2.1",
    "::1", "::", "fc00::1", "fd12:3456::1", "fe80::1", "fe80::1%eth0", "ff02::1", "::ffff:127.0.0.1", "::ffff:7f00:1", "::ffff:10.0.0.1",
    "::ffff:a9fe:a9fe", "::127.0.0.1", "64:ff9b::a9fe:a9fe", "2002:c0a8:101::1", "2001:db8::1",
    "not-an-ip", "1.2.3", "1.2.3.256", "01.2.3.4.5", "::1::", "12345::1", "",
  ])("refuses %j", (ip) => {
    expect(isPublicAddress(ip)).toBe(false);
  });

  it.each(["8.8.8.8", "1.1.1.1", "93.184.216.34", "172.32.0.1", "172.15.255.255", "100.128.0.1", "169.253.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8", "2002:808:808::1", "64:ff9b::808:808"])(
    "allows %j",
    (ip) => {
      expect(isPublicAddress(ip)).toBe(true);
    },
  );
});

describe("isLocalHostname", () => {
  it.each(["localhost", "LOCALHOST.", "api.localhost", "metadata.google.internal", "printer.local"])("refuses %j", (name) => {
    expect(isLocalHostname(name)).toBe(true);
  });
  it.each(["localhost.example.com", "mylocalhost", "internal.example.com", "example.com"])("allows %j", (name) => {
    expect(isLocalHostname(name)).toBe(false);
  });
});
