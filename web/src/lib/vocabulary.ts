// Words of the domain that several areas show: the kinds of licence income
// (the same Japanese as the server's printed statement, render/statement_print.cpp)
// and the regions licensing staff cover (requests/staff_member.cpp).
import { defineMessages, hasMessage, type Lang, type T } from "./i18n";

export const STAFF_REGIONS = ["japan", "north_america", "europe", "china", "asia_other", "latin_america",
  "oceania", "middle_east_africa"] as const;

/** A staff region's name in the reader's language (the code itself if unknown). */
export function regionName(t: T, lang: Lang, code: string | null | undefined): string {
  if (!code) return "";
  return hasMessage(lang, `region.${code}`) ? t(`region.${code}`) : code;
}

defineMessages({
  ja: {
    "income.upfront": "一時金",
    "income.running_royalty": "ランニングロイヤルティ",
    "income.minimum_true_up": "最低実施料調整",
    "income.milestone": "マイルストーン",
    "income.sublicense": "サブライセンス収入",
    "income.non_working_compensation": "不実施補償",
    "income.option_fee": "オプション料",
    "region.japan": "日本",
    "region.north_america": "北米",
    "region.europe": "欧州",
    "region.china": "中国",
    "region.asia_other": "その他のアジア",
    "region.latin_america": "中南米",
    "region.oceania": "オセアニア",
    "region.middle_east_africa": "中東・アフリカ",
  },
  en: {
    "income.upfront": "Upfront fee",
    "income.running_royalty": "Running royalty",
    "income.minimum_true_up": "Minimum royalty true-up",
    "income.milestone": "Milestone",
    "income.sublicense": "Sublicence income",
    "income.non_working_compensation": "Non-working compensation",
    "income.option_fee": "Option fee",
    "region.japan": "Japan",
    "region.north_america": "North America",
    "region.europe": "Europe",
    "region.china": "China",
    "region.asia_other": "Other Asia",
    "region.latin_america": "Latin America",
    "region.oceania": "Oceania",
    "region.middle_east_africa": "Middle East and Africa",
  },
});
