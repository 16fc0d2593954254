"""argparse in Chinese: help, usage and every error of both command lines (CPython only; not in the portable core)."""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any, NoReturn

from calculator.text import shown

_HEADINGS = (("usage: ", "用法："), ("positional arguments:", "位置参数："), ("options:", "选项："))

_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.DOTALL), template)
    for pattern, template in (
        (
            r"argument (?:command|\{[^}]*\}): invalid choice: '(.*)' \(choose from (.*)\)$",
            "没有“{0}”这个命令：可用的命令有 {1}",
        ),
        (r"argument (\S+): invalid choice: '(.*)' \(choose from (.*)\)$", "{0} 的值“{1}”无效：只能是 {2}"),
        (r"argument (\S+): invalid int value: '(.*)'$", "{0} 的值“{1}”不是整数"),
        (r"argument (\S+): expected one argument$", "{0} 后面需要一个值"),
        (r"argument (\S+): ignored explicit argument '(.*)'$", "{0} 后面不能带值“{1}”"),
        (r"the following arguments are required: \{([^}]*)\}$", "缺少命令：可用的命令有 {0}"),
        (r"the following arguments are required: (.*)$", "缺少参数：{0}"),
        (r"unrecognized arguments: (.*)$", "无法识别的参数：{0}"),
        (r"ambiguous option: (\S+) could match (.*)$", "参数 {0} 有歧义，可能是 {1}"),
        (r"argument (\S+): (.*)$", "{0}：{1}"),
    )
)


_CHOICES = re.compile(r"'[^']*'(?:, '[^']*')+|[\w-]+(?:,[\w-]+)+")


def _value(text: str) -> str:
    """A value quoted in a message: a list of choices ('check', 'hours' or check,hours) as check、hours, else cut short."""
    if _CHOICES.fullmatch(text):
        return "、".join(part.strip().strip("'") for part in text.split(","))
    return shown(text, 40)


def chinese_error(message: str) -> str:
    """An argparse error message in Chinese, on one line, every value quoted at most a few dozen characters."""
    for pattern, template in _ERRORS:
        match = pattern.match(message)
        if match:
            values = [_value(value) for value in match.groups()]
            return template.format(*values)
    return "命令行有误：{}".format(shown(message, 120))


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose help, usage and errors are Chinese; subcommands get the same class.

    An error prints `错误：<what is wrong>（用 <prog> --help 查看用法）` on stderr and exits 2; a subclass may
    override `fail` to raise instead.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出")

    def format_usage(self) -> str:
        return _chinese_headings(super().format_usage())

    def format_help(self) -> str:
        return _chinese_headings(super().format_help())

    def error(self, message: str) -> NoReturn:
        self.fail("{}（用 {} --help 查看用法）".format(chinese_error(message), self.prog))

    def fail(self, message: str) -> NoReturn:
        print("错误：" + message, file=sys.stderr)
        sys.exit(2)


def _chinese_headings(text: str) -> str:
    for english, chinese in _HEADINGS:
        text = text.replace(english, chinese)
    return text
