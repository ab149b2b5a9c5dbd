// Before FAB's ab.js runs: right-to-left widgets in Persian, placeholders in the page's language.
(function () {
  var i18n = JSON.parse(document.getElementById("janseva-i18n").textContent);
  window.JANSEVA_I18N = i18n;
  if ($.fn.select2) {
    $.fn.select2.defaults.set("dir", i18n.rtl ? "rtl" : "ltr");
    $.fn.select2.defaults.set("placeholder", i18n.select);
  }
  if ($.fn.datepicker) {
    $.fn.datepicker.dates[i18n.lang] = $.extend({}, $.fn.datepicker.dates.en, {
      today: i18n.today, clear: i18n.clear, rtl: i18n.rtl
    });
    $.fn.datepicker.defaults.language = i18n.lang;
    $.fn.datepicker.defaults.rtl = i18n.rtl;
    $.fn.datepicker.defaults.orientation = i18n.rtl ? "auto right" : "auto";
  }
})();
