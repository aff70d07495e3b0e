/*
 * footer.h - footer and subtotal rows (SPEC §4 "Footer and subtotal rows",
 * DQ14): a row whose key cell is empty and whose first non-empty cell
 * begins with 合计, 小计, 总计, 累计, 制表, 填表, 填报, 审核, 负责人,
 * 单位负责人, 联系电话, 注：/注: or 备注：/备注: is not a record.
 *
 * The test lives here, beside the rows of every container: ingest calls it
 * on each row (CSV, xlsx, xml, and any other container's rows) before the
 * row is checked as a record.  White space before and inside the word is
 * ignored ("合　计", " 合 计" are 合计).
 *
 * Memory: none (a fixed scratch of FOOTER_PREFIX bytes on the stack).
 */
#ifndef DZ_FOOTER_H
#define DZ_FOOTER_H

#include <stdbool.h>
#include <stddef.h>

/* Does text s[0..n) begin with one of the footer words? */
bool footer_text(const char *s, size_t n);

#endif
