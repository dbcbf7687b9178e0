// Debian's Chromium driven by playwright-core, the same way for every browser test.
import { chromium, type Browser, type Page } from 'playwright-core';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** A zh-CN page whose script errors are collected, so the test that caused one can fail on it. */
export async function openPage(browser: Browser, viewport: { width: number; height: number }, pageErrors: string[]): Promise<Page> {
  const page = await browser.newPage({ viewport, locale: 'zh-CN' });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  return page;
}
