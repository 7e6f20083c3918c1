// Words of the domain that several areas show: the kinds of licence income
// (the same Japanese as the server's printed statement, render/statement_print.cpp).
import { defineMessages } from "./i18n";

defineMessages({
  ja: {
    "income.upfront": "一時金",
    "income.running_royalty": "ランニングロイヤルティ",
    "income.minimum_true_up": "最低実施料調整",
    "income.milestone": "マイルストーン",
    "income.sublicense": "サブライセンス収入",
    "income.non_working_compensation": "不実施補償",
    "income.option_fee": "オプション料",
  },
  en: {
    "income.upfront": "Upfront fee",
    "income.running_royalty": "Running royalty",
    "income.minimum_true_up": "Minimum royalty true-up",
    "income.milestone": "Milestone",
    "income.sublicense": "Sublicence income",
    "income.non_working_compensation": "Non-working compensation",
    "income.option_fee": "Option fee",
  },
});
