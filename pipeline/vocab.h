/*
 * vocab.h - value parsing shared by every stage: dates, money, years,
 * counts, yes/no, the vocabularies of SPEC §4, and the name/place
 * normalizations used for comparing and grouping.
 *
 * All functions are pure, take (pointer, length) of an already-trimmed or
 * raw UTF-8 value (each trims itself), and never allocate except the
 * normalizers, which append to a caller's strbuf.
 *
 * Return convention for parsers: VAL_OK (value stored), VAL_EMPTY (empty
 * after trimming: unknown, not a finding unless the field gives empty a
 * meaning), VAL_BAD (unparseable / unrecognized: DQ11 for dates, amounts,
 * years, counts; DQ10 for vocabularies).
 */
#ifndef DZ_VOCAB_H
#define DZ_VOCAB_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include "util.h"

enum { VAL_OK = 0, VAL_EMPTY = 1, VAL_BAD = 2 };

/* --- dates: days since 1970-01-01 (proleptic Gregorian) --- */
int32_t date_from_ymd(int y, int m, int d);
void date_to_ymd(int32_t days, int *y, int *m, int *d);
bool date_valid_ymd(int y, int m, int d);
void date_format(int32_t days, char out[11]);      /* "2024-06-30" */
int32_t date_month_end(int y, int m);               /* last day of month */
/* 2024-06-30, 2024/6/30, 2024.6.30, 20240630, 2024年6月30日, YYYYMM (1st of
 * month), 202303.0, optional time part after a space or 'T' ignored.
 * Also 2024年6月30 without 日.  Years 1900..2100 only; "2024-06" is VAL_BAD.
 * xlsx_serial: the value came from a numeric xlsx cell -> Excel serial day
 * number (1900 system, at most 5 integer digits, fraction = time) is also
 * accepted; serial 60, Excel's fictitious 1900-02-29, is VAL_BAD. */
int parse_date(const char *s, size_t n, bool xlsx_serial, int32_t *days);
/* True (and *days set) if s[0..n) is exactly a valid "YYYY-MM-DD" that
 * parse_date accepts: then the value is its own canonical text. */
bool parse_date_iso(const char *s, size_t n, int32_t *days);
/* The calendar month before today's, "YYYY-MM" (the default period). */
void period_previous_month(char out[8]);
/* Period "YYYY-MM" -> year, month; returns false if malformed. */
bool parse_period(const char *s, int *y, int *m);

/* --- money in fen (integer cents) ---
 * "12,345.67", "12345.67元", full-width digits, "￥"; more than two decimals
 * rounded half-up; negative only when allow_negative (med_claims); a comma
 * separates thousands (groups of three digits: "1,2,3" is not an amount);
 * at most 15 integer digits.  parse_money_cell also takes "1.5E+4", the
 * way a numeric spreadsheet cell is written (never text: "1e3" in a CSV is
 * not an amount). */
int parse_money(const char *s, size_t n, bool allow_negative, int64_t *fen);
int parse_money_cell(const char *s, size_t n, bool allow_negative, int64_t *fen);
void money_format(int64_t fen, char out[32]);       /* "12345.67", "-3.50" */
int parse_year(const char *s, size_t n, int *year); /* 4 digits (also "2024.0") */
int parse_count(const char *s, size_t n, int *count); /* non-negative integer */

/* --- vocabularies; each returns VAL_OK and a class in *cls ---
 * Words are compared after trimming and folding full-width ASCII to
 * half-width (乡（镇）内务工 = 乡(镇)内务工).  On VAL_EMPTY / VAL_BAD *cls is
 * left untouched, except where a comment below gives empty a class. */
enum { YN_NO = 0, YN_YES = 1 };
int vocab_yesno(const char *s, size_t n, int *cls);
/* 享受低保政策情况 / 享受特困供养政策情况 columns: 农村低保/城市低保/农村特困/
 * 城市特困 -> yes, 不享受 or empty -> no (empty gives VAL_OK, YN_NO). */
int vocab_policy(const char *s, size_t n, int *cls);

enum { HT_TUOPIN = 1, HT_YIBAN = 2, HT_JIANCE = 3 };                 /* household_type */
int vocab_household_type(const char *s, size_t n, int *cls);
enum { MT_NONE = 0, MT_BUWENDING = 1, MT_BIANYUAN = 2, MT_TUFA = 3 }; /* monitor_type; empty -> MT_NONE, VAL_EMPTY */
int vocab_monitor_type(const char *s, size_t n, int *cls);
enum { HS_HEALTHY = 1, HS_CHRONIC = 2, HS_SERIOUS = 4, HS_DISABLED = 8 }; /* bitmask */
int vocab_health(const char *s, size_t n, int *mask);
enum { WS_NOT_WORKING = 0, WS_WORKING = 1 };                          /* roster work_status */
int vocab_work_status(const char *s, size_t n, int *cls);
/* roster school_status; empty -> SS_NOT_IN_SCHOOL with VAL_EMPTY */
enum { SS_NOT_IN_SCHOOL = 0, SS_PRESCHOOL = 1, SS_COMPULSORY = 2, SS_SENIOR = 3, SS_TERTIARY = 4 };
int vocab_school_status(const char *s, size_t n, int *cls);

/* LJ07: school_status is 初中 or 七/八/九年级 (junior secondary). */
bool vocab_school_junior(const char *s, size_t n);
enum { SEX_MALE = 1, SEX_FEMALE = 2 };                                /* roster sex: 1/男, 2/女 */
int vocab_sex(const char *s, size_t n, int *cls);
/* roster labor_skill */
enum { LS_ORDINARY = 1, LS_SKILLED = 2, LS_WEAK = 3, LS_LOST = 4, LS_NONE = 5 };
int vocab_labor_skill(const char *s, size_t n, int *cls);
const char *vocab_labor_word(int cls);   /* the word of a class, "" for none */

/* department status fields: which list (a kind's status column uses one,
 * record.c says which) and the classes */
enum status_vocab {
	SV_DIBAO_TEKUN,                       /* 民政 低保 / 特困 保障状态 */
	SV_MED_ENROLL,                        /* 医保 参保状态 */
	SV_SCHOOL,                            /* 教育 学籍状态 */
	SV_EMPLOYMENT,                        /* 人社 就业状态 */
	SV_NONE,                              /* no list: every value is VAL_BAD */
};
enum {
	ST_INACTIVE = 0, ST_ACTIVE = 1,       /* dibao, tekun, med_enroll, employment(active) */
	ST_UNEMPLOYED = 2,                    /* employment */
	ST_DROPOUT = 3, ST_SUSPENDED = 4, ST_FINISHED = 5, /* school */
};
/* SV_DIBAO_TEKUN: empty -> VAL_EMPTY with ST_ACTIVE (empty counts as active). */
int vocab_status(enum status_vocab list, const char *s, size_t n, int *cls);

/* water: true if the word marks a bad quality / supply (not vocabularies). */
bool water_quality_bad(const char *s, size_t n);
bool water_supply_bad(const char *s, size_t n);

/* --- phone numbers (roster phone, LJ17/LJ18) ---
 * Cleaning: spaces removed, then a trailing ".0", then a leading "+86" or
 * "86".  VAL_OK when the rest is 1[3-9] + 9 digits or 0 + 2-3 digits +
 * optional '-' + 7-8 digits: *code is the cleaned number as 64 bits
 * (never 0; equal codes = equal cleaned text); VAL_EMPTY; VAL_BAD. */
int parse_phone(const char *s, size_t n, uint64_t *code);
void phone_format(uint64_t code, char out[24]);  /* the cleaned text of a code */

/* --- normalizers (append to out, which is reset first) --- */
/* trim ASCII and Unicode spaces (incl. U+3000, NBSP) at both ends */
void trim_span(const char **s, size_t *n);
/* full-width ASCII (U+FF01..U+FF5E) -> half-width, U+3000 -> space */
void norm_halfwidth(strbuf *out, const char *s, size_t n);
/* ZZ12 name comparison key: remove all spaces (incl. full-width), full->half
 * width, and map · • ‧ ・ . to one character. */
void norm_name(strbuf *out, const char *s, size_t n);
/* township / village key: trim, full->half width, drop a trailing 人民政府
 * or 办事处. */
void norm_place(strbuf *out, const char *s, size_t n);
/* header key for alias matching: remove spaces, full->half width, brackets
 * （）【】[] -> ().  A bracketed unit or date hint is dropped by the
 * matcher (kinds.c), not here. */
void norm_header(strbuf *out, const char *s, size_t n);

/* Full-width ASCII U+FF01..U+FF5E (EF BC 81..EF BD 9E) at p -> its ASCII
 * character, else 0. */
int fw_ascii(const unsigned char *p, size_t left);
/* Byte length of a Unicode space at p (NBSP, U+2000..U+200B, U+202F,
 * U+205F, U+3000, U+FEFF), else 0. */
size_t uspace(const unsigned char *p, size_t left);

/* UTF-8: true if s[0..n) is well-formed (no overlongs, surrogates, > U+10FFFF). */
bool utf8_valid(const char *s, size_t n);

#endif
