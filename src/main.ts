/** Entry points: every function Apps Script calls by name is exported here. */
export function onOpen(): void {
  SpreadsheetApp.getUi()
    .createAddonMenu()
    .addItem('Set up / upgrade the tracker', 'setupTracker')
    .addToUi();
}
export function onInstall(): void {
  onOpen();
}
