"""The cost/gaps frontier chart as a PNG (matplotlib)."""

from __future__ import annotations

from solver.sweep.run import SweepResult

CJK_FONTS = ("WenQuanYi Micro Hei", "Noto Sans CJK SC", "Source Han Sans SC", "SimHei",
             "Microsoft YaHei", "PingFang SC")


def frontier_png(result: SweepResult) -> bytes:
    """Scatter of monthly cost against gaps, the frontier joined by a line (matplotlib)."""
    import io

    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    installed = {font.name for font in font_manager.fontManager.ttflist}
    cjk = [name for name in CJK_FONTS if name in installed]
    labels = (("缺口（人次）", "月服务费（元）", "情景", "前沿", "成本与缺口的权衡")
              if cjk else ("gaps (person-shifts)", "monthly fee (yuan)", "scenarios",
                           "frontier", "cost vs gaps"))
    solved = [r for r in result.rows if r.ok and r.gaps is not None]
    front = sorted((r for r in solved if r.index in set(result.frontier())),
                   key=lambda r: (r.gaps, r.monthly_cost))
    with plt.rc_context({"font.sans-serif": [*cjk, "DejaVu Sans"], "axes.unicode_minus": False}):
        fig, ax = plt.subplots(figsize=(7, 4.5), dpi=120)
        ax.scatter([r.gaps or 0 for r in solved], [float(r.monthly_cost or 0) for r in solved],
                   color="#8EA9DB", label=labels[2], zorder=2)
        if front:
            ax.plot([r.gaps or 0 for r in front], [float(r.monthly_cost or 0) for r in front],
                    color="#C00000", marker="o", label=labels[3], zorder=3)
            for r in front:
                ax.annotate(str(r.index + 1), (r.gaps, float(r.monthly_cost or 0)),
                            textcoords="offset points", xytext=(4, 4), fontsize=8)
        from matplotlib.ticker import FuncFormatter, MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"¥{v:,.0f}"))
        most = max((r.gaps or 0 for r in solved), default=0)
        ax.set_xlim(-0.5, most + 0.5)
        ax.set_xlabel(labels[0])
        ax.set_ylabel(labels[1])
        ax.set_title(f"{result.grid_name}：{labels[4]}" if cjk else labels[4])
        ax.grid(alpha=0.3)
        ax.legend()
        fig.tight_layout()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
        plt.close(fig)
    return buffer.getvalue()
