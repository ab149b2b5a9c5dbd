// After FAB's ab.js: its select boxes carry a hard-coded English placeholder; use ours.
$(function () {
  var i18n = window.JANSEVA_I18N;
  $(".my_select2").each(function () {
    var box = $(this);
    box.select2({placeholder: i18n.select, allowClear: true, theme: "bootstrap",
                 dir: i18n.rtl ? "rtl" : "ltr"});
  });
});
