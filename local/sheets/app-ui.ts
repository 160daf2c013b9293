/**
 * SpreadsheetApp.getUi(): menus, alerts, sidebars and dialogs, recorded as
 * UiEvents in ctx.ui for the local app to render.
 * https://developers.google.com/apps-script/reference/base/ui
 * https://developers.google.com/apps-script/reference/base/menu
 */
import {UiEvent} from '../core';
import {BUTTON, BUTTON_SET, Env} from './app-env';

type GUi = GoogleAppsScript.Base.Ui;
type GMenu = GoogleAppsScript.Base.Menu;
type GButton = GoogleAppsScript.Base.Button;
type GButtonSet = GoogleAppsScript.Base.ButtonSet;
type GHtmlOutput = GoogleAppsScript.HTML.HtmlOutput;

export type UiApi = Pick<
  GUi,
  | 'Button'
  | 'ButtonSet'
  | 'alert'
  | 'createAddonMenu'
  | 'createMenu'
  | 'showModalDialog'
  | 'showModelessDialog'
  | 'showSidebar'
>;

export type MenuApi = Pick<
  GMenu,
  'addItem' | 'addSeparator' | 'addSubMenu' | 'addToUi'
>;

type MenuItem = Extract<UiEvent, {kind: 'menu'}>['items'][number];

export class LocalMenu implements MenuApi {
  readonly items: MenuItem[] = [];

  constructor(
    private readonly env: Env,
    readonly title: string,
  ) {}

  addItem(caption: string, functionName: string): GMenu {
    this.env.count('Menu.addItem');
    this.items.push({caption, functionName});
    return this as unknown as GMenu;
  }

  addSeparator(): GMenu {
    this.env.count('Menu.addSeparator');
    this.items.push({separator: true});
    return this as unknown as GMenu;
  }

  /**
   * UiEvent menus are flat: a submenu's items are listed with the submenu's
   * title before their caption ("Reports › Quarterly").
   */
  addSubMenu(menu: GMenu): GMenu {
    this.env.count('Menu.addSubMenu');
    const sub = menu as unknown as LocalMenu;
    for (const item of sub.items) {
      this.items.push(
        'separator' in item
          ? item
          : {...item, caption: `${sub.title} › ${item.caption}`},
      );
    }
    return this as unknown as GMenu;
  }

  addToUi(): void {
    this.env.count('Menu.addToUi');
    this.env.ctx.ui.push({
      kind: 'menu',
      title: this.title,
      items: this.items.map(i => ({...i})),
    });
  }
}

/** The answer a scripted alert gets: the set's affirmative button. */
function affirmative(buttons: unknown): GButton {
  const set = String(buttons ?? 'OK');
  const button = set.startsWith('YES') ? BUTTON.YES : BUTTON.OK;
  return button as unknown as GButton;
}

function htmlOf(output: GHtmlOutput) {
  return {
    title: output.getTitle?.() ?? '',
    html: output.getContent(),
    width: output.getWidth?.() ?? 0,
    height: output.getHeight?.() ?? 0,
  };
}

export class LocalUi implements UiApi {
  readonly Button = BUTTON as unknown as typeof GoogleAppsScript.Base.Button;
  readonly ButtonSet =
    BUTTON_SET as unknown as typeof GoogleAppsScript.Base.ButtonSet;

  constructor(private readonly env: Env) {}

  /**
   * alert(prompt), alert(prompt, buttons), alert(title, prompt, buttons).
   * A local run has nobody to click, so the affirmative button (OK, or YES
   * for YES_NO sets) is the answer.
   */
  alert(a: string, b?: string | GButtonSet, c?: GButtonSet): GButton {
    this.env.count('Ui.alert');
    const titled = typeof b === 'string';
    const event: UiEvent = {
      kind: 'alert',
      title: titled ? a : '',
      message: titled ? (b as string) : a,
    };
    this.env.ctx.ui.push(event);
    return affirmative(titled ? c : b);
  }

  createAddonMenu(): GMenu {
    this.env.count('Ui.createAddonMenu');
    const title = this.env.options.addonMenuTitle ?? 'Panel Tracker';
    return new LocalMenu(this.env, title) as unknown as GMenu;
  }

  createMenu(caption: string): GMenu {
    this.env.count('Ui.createMenu');
    return new LocalMenu(this.env, caption) as unknown as GMenu;
  }

  showSidebar(userInterface: GHtmlOutput): void {
    this.env.count('Ui.showSidebar');
    const h = htmlOf(userInterface);
    this.env.ctx.ui.push({
      kind: 'sidebar',
      title: h.title,
      html: h.html,
      width: h.width || 300,
    });
  }

  showModalDialog(userInterface: GHtmlOutput, title: string): void {
    this.env.count('Ui.showModalDialog');
    this.dialog(userInterface, title, true);
  }

  showModelessDialog(userInterface: GHtmlOutput, title: string): void {
    this.env.count('Ui.showModelessDialog');
    this.dialog(userInterface, title, false);
  }

  private dialog(output: GHtmlOutput, title: string, modal: boolean): void {
    const h = htmlOf(output);
    this.env.ctx.ui.push({
      kind: 'dialog',
      title: title ?? h.title,
      html: h.html,
      width: h.width || 600,
      height: h.height || 400,
      modal,
    });
  }
}
