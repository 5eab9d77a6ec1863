// How every test and bench here launches Debian's Chromium (never a downloaded browser build).
//
// The network flags keep Chromium off the network, which this project's machines do not have.
//
// The last flag turns off the omnibox popup's WebUI. In headless mode every new browser context
// opens a window, and each window started two renderers of its own for that popup (chrome://
// omnibox-popup.top-chrome/ and its omnibox_popup_aim.html), which used 200-500 ms of CPU while
// the page loaded. On a 2-core machine they took a core from the page being measured: the
// serve bench's first-visit figures doubled (dashboard 830 -> 360 ms, its baseline 356 -> 168 ms)
// and varied by half from round to round. No user's page pays for them: they are the browser's
// own chrome, which a headless test never shows.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup',
];

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
