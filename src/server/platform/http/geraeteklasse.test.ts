import { describe, expect, it } from "vitest";
import { geraeteklasse } from "./geraeteklasse.js";

// User-Agent headers as current browsers send them.
const UA = {
  iphoneSafari:
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  iphoneChrome:
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1",
  androidPhoneChrome:
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
  androidPhoneFirefox: "Mozilla/5.0 (Android 14; Mobile; rv:127.0) Gecko/127.0 Firefox/127.0",
  samsungPhone:
    "Mozilla/5.0 (Linux; Android 13; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36",
  ipadAlt:
    "Mozilla/5.0 (iPad; CPU OS 12_5_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/12.1.2 Mobile/15E148 Safari/604.1",
  ipadDesktopModus:
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
  androidTabletChrome:
    "Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
  androidTabletFirefox: "Mozilla/5.0 (Android 13; Tablet; rv:127.0) Gecko/127.0 Firefox/127.0",
  windowsChrome:
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
  windowsFirefox: "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0",
  windowsEdge:
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.56",
  linuxFirefox: "Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0",
  headlessChrome:
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0.0.0 Safari/537.36",
};

describe("geraeteklasse", () => {
  it("phones: iPhone (Safari, Chrome), Android phones (Chrome, Firefox, Samsung Internet)", () => {
    for (const ua of [
      UA.iphoneSafari,
      UA.iphoneChrome,
      UA.androidPhoneChrome,
      UA.androidPhoneFirefox,
      UA.samsungPhone,
    ])
      expect(geraeteklasse(ua), ua).toBe("telefon");
  });

  it("tablets: an iPad that says so, Android tablets (no 'Mobile' in the header)", () => {
    for (const ua of [UA.ipadAlt, UA.androidTabletChrome, UA.androidTabletFirefox])
      expect(geraeteklasse(ua), ua).toBe("tablet");
  });

  it("desktops: Chrome, Firefox and Edge on Windows, Firefox and headless Chrome on Linux, Safari on a Mac", () => {
    for (const ua of [
      UA.windowsChrome,
      UA.windowsFirefox,
      UA.windowsEdge,
      UA.linuxFirefox,
      UA.headlessChrome,
    ])
      expect(geraeteklasse(ua), ua).toBe("desktop");
  });

  it("an iPad asking for desktop pages sends a Mac's header and counts as desktop (documented limit)", () => {
    expect(geraeteklasse(UA.ipadDesktopModus)).toBe("desktop");
  });

  it("no class when the header names no device: missing, empty, scripts and API clients", () => {
    for (const ua of [
      null,
      undefined,
      "",
      "curl/8.5.0",
      "lightMyRequest",
      "python-requests/2.32",
      "Aktenwerk-Scanner/1.0",
    ])
      expect(geraeteklasse(ua), String(ua)).toBeNull();
  });
});
