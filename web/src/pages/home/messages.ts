import { defineMessages } from "../../lib/i18n";

export const homeMessages = defineMessages({
  ja: {
    "nav.home": "ホーム",
    "home.title": "ホーム",
    "home.welcome": "{user} さん、ようこそ。",
  },
  en: {
    "nav.home": "Home",
    "home.title": "Home",
    "home.welcome": "Welcome, {user}.",
  },
});
