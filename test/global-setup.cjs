// Apps Script runs in the script's time zone (appsscript.json: Europe/London);
// tests run in it too, so a Date's local fields match what Apps Script sees.
module.exports = async () => {
  process.env.TZ = 'Europe/London';
};
