/*
 * report_lxw.h - libxlsxwriter, loaded when the first workbook is written.
 *
 * It is not linked (include/itss/dl.h): it brings libcrypto, minizip and
 * libm with it, about 1 ms at the start of every command, and only
 * `report` and `portfolio` write a workbook. Each function the workbook
 * uses has a pointer of its header's own type, and a macro of its own
 * name calls through it, so the code reads as libxlsxwriter's own. A
 * function used and not listed here is a link error, not a crash.
 *
 * Include this, not xlsxwriter.h (report_int.h does).
 */
#ifndef ITSS_REPORT_LXW_H
#define ITSS_REPORT_LXW_H

#include <xlsxwriter.h>

#define LXW_FUNCS(X) X(chart_add_series) X(chart_axis_set_label_position) \
	X(chart_axis_set_major_unit) X(chart_axis_set_max) \
	X(chart_axis_set_min) X(chart_axis_set_num_format) \
	X(chart_axis_set_reverse) X(chart_legend_set_position) \
	X(chart_series_set_categories) X(chart_series_set_fill) \
	X(chart_series_set_labels) X(chart_series_set_labels_custom) \
	X(chart_series_set_labels_position) X(chart_series_set_marker_type) \
	X(chart_series_set_name) X(chart_series_set_values) \
	X(chart_show_hidden_data) X(chart_title_set_name) \
	X(format_set_align) X(format_set_bg_color) X(format_set_bold) \
	X(format_set_border) X(format_set_font_color) \
	X(format_set_font_name) X(format_set_font_size) \
	X(format_set_num_format) X(format_set_text_wrap) X(lxw_strerror) \
	X(workbook_add_chart) X(workbook_add_format) \
	X(workbook_add_worksheet) X(workbook_close) X(workbook_new_opt) \
	X(worksheet_autofilter) X(worksheet_fit_to_pages) \
	X(worksheet_freeze_panes) X(worksheet_insert_chart) \
	X(worksheet_insert_chart_opt) X(worksheet_merge_range) \
	X(worksheet_repeat_rows) X(worksheet_set_column) \
	X(worksheet_set_column_opt) X(worksheet_set_footer) \
	X(worksheet_set_h_pagebreaks) X(worksheet_set_header) \
	X(worksheet_set_landscape) X(worksheet_set_paper) \
	X(worksheet_set_row) X(worksheet_write_blank) \
	X(worksheet_write_number) X(worksheet_write_string)

#define LXW_MEMBER(f) __typeof__(f) *f;
struct itss_lxw {
	LXW_FUNCS(LXW_MEMBER)
};
extern struct itss_lxw itss_lxw;

/*
 * NULL once libxlsxwriter is loaded (tried once), else why not: a message
 * to translate.
 */
const char *itss_lxw_load(void);

#ifndef ITSS_LXW_LOADER
#define chart_add_series (*itss_lxw.chart_add_series)
#define chart_axis_set_label_position (*itss_lxw.chart_axis_set_label_position)
#define chart_axis_set_major_unit (*itss_lxw.chart_axis_set_major_unit)
#define chart_axis_set_max (*itss_lxw.chart_axis_set_max)
#define chart_axis_set_min (*itss_lxw.chart_axis_set_min)
#define chart_axis_set_num_format (*itss_lxw.chart_axis_set_num_format)
#define chart_axis_set_reverse (*itss_lxw.chart_axis_set_reverse)
#define chart_legend_set_position (*itss_lxw.chart_legend_set_position)
#define chart_series_set_categories (*itss_lxw.chart_series_set_categories)
#define chart_series_set_fill (*itss_lxw.chart_series_set_fill)
#define chart_series_set_labels (*itss_lxw.chart_series_set_labels)
#define chart_series_set_labels_custom (*itss_lxw.chart_series_set_labels_custom)
#define chart_series_set_labels_position (*itss_lxw.chart_series_set_labels_position)
#define chart_series_set_marker_type (*itss_lxw.chart_series_set_marker_type)
#define chart_series_set_name (*itss_lxw.chart_series_set_name)
#define chart_series_set_values (*itss_lxw.chart_series_set_values)
#define chart_show_hidden_data (*itss_lxw.chart_show_hidden_data)
#define chart_title_set_name (*itss_lxw.chart_title_set_name)
#define format_set_align (*itss_lxw.format_set_align)
#define format_set_bg_color (*itss_lxw.format_set_bg_color)
#define format_set_bold (*itss_lxw.format_set_bold)
#define format_set_border (*itss_lxw.format_set_border)
#define format_set_font_color (*itss_lxw.format_set_font_color)
#define format_set_font_name (*itss_lxw.format_set_font_name)
#define format_set_font_size (*itss_lxw.format_set_font_size)
#define format_set_num_format (*itss_lxw.format_set_num_format)
#define format_set_text_wrap (*itss_lxw.format_set_text_wrap)
#define lxw_strerror (*itss_lxw.lxw_strerror)
#define workbook_add_chart (*itss_lxw.workbook_add_chart)
#define workbook_add_format (*itss_lxw.workbook_add_format)
#define workbook_add_worksheet (*itss_lxw.workbook_add_worksheet)
#define workbook_close (*itss_lxw.workbook_close)
#define workbook_new_opt (*itss_lxw.workbook_new_opt)
#define worksheet_autofilter (*itss_lxw.worksheet_autofilter)
#define worksheet_fit_to_pages (*itss_lxw.worksheet_fit_to_pages)
#define worksheet_freeze_panes (*itss_lxw.worksheet_freeze_panes)
#define worksheet_insert_chart (*itss_lxw.worksheet_insert_chart)
#define worksheet_insert_chart_opt (*itss_lxw.worksheet_insert_chart_opt)
#define worksheet_merge_range (*itss_lxw.worksheet_merge_range)
#define worksheet_repeat_rows (*itss_lxw.worksheet_repeat_rows)
#define worksheet_set_column (*itss_lxw.worksheet_set_column)
#define worksheet_set_column_opt (*itss_lxw.worksheet_set_column_opt)
#define worksheet_set_footer (*itss_lxw.worksheet_set_footer)
#define worksheet_set_h_pagebreaks (*itss_lxw.worksheet_set_h_pagebreaks)
#define worksheet_set_header (*itss_lxw.worksheet_set_header)
#define worksheet_set_landscape (*itss_lxw.worksheet_set_landscape)
#define worksheet_set_paper (*itss_lxw.worksheet_set_paper)
#define worksheet_set_row (*itss_lxw.worksheet_set_row)
#define worksheet_write_blank (*itss_lxw.worksheet_write_blank)
#define worksheet_write_number (*itss_lxw.worksheet_write_number)
#define worksheet_write_string (*itss_lxw.worksheet_write_string)
#endif

#endif
