import { NativeSelect } from "@mantine/core";
import { type Language, languages, useI18n } from "../i18n/i18n.tsx";

export function LanguageSwitch() {
  const { t, language, setLanguage } = useI18n();
  return (
    <NativeSelect
      label={t("app.language")}
      size="xs"
      value={language}
      onChange={(e) => setLanguage(e.currentTarget.value as Language)}
      data={Object.entries(languages).map(([value, label]) => ({ value, label }))}
    />
  );
}
