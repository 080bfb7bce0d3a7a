#include "svg_plot.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "../core/error.hpp"
#include "atomic_file.hpp"

namespace dl {

namespace {
const char* kPalette[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
                          "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
const char* kLight[] = {"#c6dbef", "#f7c5c5", "#c7e9c0", "#fdd9b5", "#dadaeb",
                        "#e0cfc9", "#f6d1ea", "#e0e0e0", "#ecedb0", "#c0edf2"};

std::string esc(const std::string& s) {
    std::string o;
    for (char c : s) {
        if (c == '<') o += "&lt;";
        else if (c == '>') o += "&gt;";
        else if (c == '&') o += "&amp;";
        else if (c == '"') o += "&quot;";
        else o += c;
    }
    return o;
}

std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
}

std::string tick_label(double v) {
    char buf[32];
    if (v != 0 && (std::fabs(v) >= 1e5 || std::fabs(v) < 1e-3))
        std::snprintf(buf, sizeof buf, "%.1e", v);
    else
        std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

// "Nice" tick step for a range: 1, 2 or 5 times a power of ten, about 5 ticks.
double nice_step(double span) {
    if (!(span > 0)) return 1;
    const double raw = span / 5;
    const double p = std::pow(10.0, std::floor(std::log10(raw)));
    const double f = raw / p;
    return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
}

constexpr double kLeft = 62, kRight = 18, kTop = 34, kBottom = 46;
}  // namespace

SvgPlot::SvgPlot(std::string title, std::string xlabel, std::string ylabel, int width, int height)
    : title_(std::move(title)), xlabel_(std::move(xlabel)), ylabel_(std::move(ylabel)),
      width_(width), height_(height) {}

std::string SvgPlot::color(int i) { return kPalette[((i % 10) + 10) % 10]; }
std::string SvgPlot::light_color(int i) { return kLight[((i % 10) + 10) % 10]; }

SvgPlot& SvgPlot::line(const std::vector<double>& xs, const std::vector<double>& ys,
                       const std::string& label, bool dashed) {
    DL_CHECK(xs.size() == ys.size(), "SvgPlot::line '", label, "': ", xs.size(), " x values, ",
             ys.size(), " y values");
    Item it;
    it.kind = Item::Line;
    it.xs = xs;
    it.ys = ys;
    it.label = label;
    it.dashed = dashed;
    it.color = next_color_++;
    items_.push_back(std::move(it));
    return *this;
}

SvgPlot& SvgPlot::scatter(const std::vector<double>& xs, const std::vector<double>& ys,
                          const std::vector<int>& classes, const std::vector<std::string>& legend,
                          double radius) {
    DL_CHECK(xs.size() == ys.size() && (classes.empty() || classes.size() == xs.size()),
             "SvgPlot::scatter: ", xs.size(), " x values, ", ys.size(), " y values, ",
             classes.size(), " classes");
    Item it;
    it.kind = Item::Scatter;
    it.xs = xs;
    it.ys = ys;
    it.classes = classes;
    it.legend = legend;
    it.radius = radius;
    // Classes take palette colours 0, 1, ...: later series start after them, so a line drawn
    // over the points never shares a class's colour.
    int top = static_cast<int>(legend.size()) - 1;
    for (int c : classes) top = std::max(top, c);
    next_color_ = std::max(next_color_, top + 1);
    items_.push_back(std::move(it));
    return *this;
}

SvgPlot& SvgPlot::implicit_line(double a, double b, double c, const std::string& label) {
    Item it;
    it.kind = Item::Implicit;
    it.a = a;
    it.b = b;
    it.c = c;
    it.label = label;
    it.color = next_color_++;
    items_.push_back(std::move(it));
    return *this;
}

SvgPlot& SvgPlot::regions(const std::function<int(double, double)>& classify, int nx, int ny) {
    DL_CHECK(fixed_x_ && fixed_y_, "SvgPlot::regions needs set_x_range and set_y_range first");
    Item it;
    it.kind = Item::Regions;
    it.classify = classify;
    it.nx = nx;
    it.ny = ny;
    items_.insert(items_.begin(), std::move(it));  // drawn first, under everything else
    return *this;
}

SvgPlot& SvgPlot::bars(const std::vector<double>& xs, const std::vector<double>& heights,
                       const std::string& label) {
    DL_CHECK(xs.size() == heights.size(), "SvgPlot::bars: sizes differ");
    Item it;
    it.kind = Item::Bars;
    it.xs = xs;
    it.ys = heights;
    it.label = label;
    it.color = next_color_++;
    items_.push_back(std::move(it));
    return *this;
}

SvgPlot& SvgPlot::note(const std::string& text) {
    notes_.push_back(text);
    return *this;
}

SvgPlot& SvgPlot::set_x_range(double lo, double hi) {
    DL_CHECK(hi > lo, "SvgPlot: empty x range [", lo, ", ", hi, "]");
    x0_ = lo;
    x1_ = hi;
    fixed_x_ = true;
    return *this;
}

SvgPlot& SvgPlot::set_y_range(double lo, double hi) {
    DL_CHECK(hi > lo, "SvgPlot: empty y range [", lo, ", ", hi, "]");
    y0_ = lo;
    y1_ = hi;
    fixed_y_ = true;
    return *this;
}

SvgPlot& SvgPlot::log_y(bool on) {
    log_y_ = on;
    return *this;
}

void SvgPlot::ranges(double& x0, double& x1, double& y0, double& y1) const {
    const double inf = std::numeric_limits<double>::infinity();
    double ax0 = inf, ax1 = -inf, ay0 = inf, ay1 = -inf;
    for (const auto& it : items_) {
        for (std::size_t i = 0; i < it.xs.size(); ++i) {
            const double x = it.xs[i], y = it.ys[i];
            if (!std::isfinite(x) || !std::isfinite(y) || (log_y_ && y <= 0)) continue;
            ax0 = std::min(ax0, x);
            ax1 = std::max(ax1, x);
            ay0 = std::min(ay0, y);
            ay1 = std::max(ay1, y);
        }
        if (it.kind == Item::Bars) ay0 = std::min(ay0, 0.0);
    }
    if (!(ax0 <= ax1)) ax0 = 0, ax1 = 1;
    if (!(ay0 <= ay1)) ay0 = log_y_ ? 0.1 : 0, ay1 = 1;
    if (ax0 == ax1) ax0 -= 0.5, ax1 += 0.5;
    if (ay0 == ay1) ay0 -= log_y_ ? ay0 / 2 : 0.5, ay1 += log_y_ ? ay1 : 0.5;
    if (!log_y_) {
        const double pad = (ay1 - ay0) * 0.05;
        ay0 -= pad;
        ay1 += pad;
    }
    x0 = fixed_x_ ? x0_ : ax0;
    x1 = fixed_x_ ? x1_ : ax1;
    y0 = fixed_y_ ? y0_ : ay0;
    y1 = fixed_y_ ? y1_ : ay1;
}

std::string SvgPlot::body() const {
    double x0, x1, y0, y1;
    ranges(x0, x1, y0, y1);
    const double pw = width_ - kLeft - kRight, ph = height_ - kTop - kBottom;
    const double ly0 = log_y_ ? std::log10(y0) : y0, ly1 = log_y_ ? std::log10(y1) : y1;
    auto X = [&](double x) { return kLeft + (x - x0) / (x1 - x0) * pw; };
    auto Y = [&](double y) {
        const double v = log_y_ ? std::log10(y) : y;
        return kTop + (1 - (v - ly0) / (ly1 - ly0)) * ph;
    };
    std::string s;
    s += "<rect width=\"" + std::to_string(width_) + "\" height=\"" + std::to_string(height_) +
         "\" fill=\"white\"/>\n";
    s += "<text x=\"" + num(width_ / 2.0) +
         "\" y=\"20\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">" +
         esc(title_) + "</text>\n";
    s += "<defs><clipPath id=\"c\"><rect x=\"" + num(kLeft) + "\" y=\"" + num(kTop) +
         "\" width=\"" + num(pw) + "\" height=\"" + num(ph) + "\"/></clipPath></defs>\n";

    // Axes, ticks and grid.
    s += "<g font-size=\"11\" fill=\"#333\">\n";
    const double xs = nice_step(x1 - x0);
    for (double t = std::ceil(x0 / xs) * xs; t <= x1 + 1e-9 * xs; t += xs) {
        const double px = X(t);
        s += "<line x1=\"" + num(px) + "\" y1=\"" + num(kTop) + "\" x2=\"" + num(px) +
             "\" y2=\"" + num(kTop + ph) + "\" stroke=\"#eee\"/>";
        s += "<text x=\"" + num(px) + "\" y=\"" + num(kTop + ph + 15) +
             "\" text-anchor=\"middle\">" + tick_label(std::fabs(t) < 1e-12 * xs ? 0 : t) +
             "</text>\n";
    }
    if (log_y_) {
        for (int e = static_cast<int>(std::floor(ly0)); e <= static_cast<int>(std::ceil(ly1)); ++e) {
            const double t = std::pow(10.0, e);
            if (t < y0 || t > y1) continue;
            const double py = Y(t);
            s += "<line x1=\"" + num(kLeft) + "\" y1=\"" + num(py) + "\" x2=\"" + num(kLeft + pw) +
                 "\" y2=\"" + num(py) + "\" stroke=\"#eee\"/>";
            s += "<text x=\"" + num(kLeft - 5) + "\" y=\"" + num(py + 4) +
                 "\" text-anchor=\"end\">" + tick_label(t) + "</text>\n";
        }
    } else {
        const double ys = nice_step(y1 - y0);
        for (double t = std::ceil(y0 / ys) * ys; t <= y1 + 1e-9 * ys; t += ys) {
            const double py = Y(t);
            s += "<line x1=\"" + num(kLeft) + "\" y1=\"" + num(py) + "\" x2=\"" + num(kLeft + pw) +
                 "\" y2=\"" + num(py) + "\" stroke=\"#eee\"/>";
            s += "<text x=\"" + num(kLeft - 5) + "\" y=\"" + num(py + 4) +
                 "\" text-anchor=\"end\">" + tick_label(std::fabs(t) < 1e-12 * ys ? 0 : t) +
                 "</text>\n";
        }
    }
    s += "<text x=\"" + num(kLeft + pw / 2) + "\" y=\"" + num(height_ - 8.0) +
         "\" text-anchor=\"middle\" font-size=\"12\">" + esc(xlabel_) + "</text>\n";
    s += "<text transform=\"translate(14," + num(kTop + ph / 2) +
         ") rotate(-90)\" text-anchor=\"middle\" font-size=\"12\">" + esc(ylabel_) + "</text>\n";
    s += "</g>\n";

    // Data, clipped to the plot area.
    s += "<g clip-path=\"url(#c)\">\n";
    std::vector<std::pair<std::string, std::string>> legend;  // (colour, label)
    for (const auto& it : items_) {
        switch (it.kind) {
            case Item::Regions: {
                const double cw = pw / it.nx, chh = ph / it.ny;
                for (int j = 0; j < it.ny; ++j) {
                    const double y = y1 - (j + 0.5) / it.ny * (y1 - y0);
                    for (int i = 0; i < it.nx; ++i) {
                        const double x = x0 + (i + 0.5) / it.nx * (x1 - x0);
                        s += "<rect x=\"" + num(kLeft + i * cw) + "\" y=\"" + num(kTop + j * chh) +
                             "\" width=\"" + num(cw + 0.6) + "\" height=\"" + num(chh + 0.6) +
                             "\" fill=\"" + light_color(it.classify(x, y)) + "\"/>";
                    }
                    s += "\n";
                }
                break;
            }
            case Item::Line: {
                std::string pts;
                for (std::size_t i = 0; i < it.xs.size(); ++i) {
                    if (!std::isfinite(it.xs[i]) || !std::isfinite(it.ys[i]) ||
                        (log_y_ && it.ys[i] <= 0))
                        continue;
                    pts += num(X(it.xs[i])) + "," + num(Y(it.ys[i])) + " ";
                }
                s += "<polyline fill=\"none\" stroke=\"" + color(it.color) +
                     "\" stroke-width=\"2\"" +
                     (it.dashed ? " stroke-dasharray=\"6,4\"" : "") + " points=\"" + pts +
                     "\"/>\n";
                if (!it.label.empty()) legend.emplace_back(color(it.color), it.label);
                break;
            }
            case Item::Scatter: {
                for (std::size_t i = 0; i < it.xs.size(); ++i) {
                    const int c = it.classes.empty() ? 0 : it.classes[i];
                    s += "<circle cx=\"" + num(X(it.xs[i])) + "\" cy=\"" + num(Y(it.ys[i])) +
                         "\" r=\"" + num(it.radius) + "\" fill=\"" + color(c) +
                         "\" stroke=\"white\" stroke-width=\"0.5\"/>";
                }
                s += "\n";
                for (std::size_t k = 0; k < it.legend.size(); ++k)
                    legend.emplace_back(color(static_cast<int>(k)), it.legend[k]);
                break;
            }
            case Item::Implicit: {
                // a·x + b·y + c = 0: solve for y at the x edges, or for x when the line is vertical.
                double ax, ay, bx, by;
                if (std::fabs(it.b) > 1e-12 * (std::fabs(it.a) + 1e-300)) {
                    ax = x0, bx = x1;
                    ay = -(it.a * ax + it.c) / it.b;
                    by = -(it.a * bx + it.c) / it.b;
                } else if (std::fabs(it.a) > 0) {
                    ax = bx = -it.c / it.a;
                    ay = y0, by = y1;
                } else {
                    break;
                }
                s += "<line x1=\"" + num(X(ax)) + "\" y1=\"" + num(Y(ay)) + "\" x2=\"" +
                     num(X(bx)) + "\" y2=\"" + num(Y(by)) + "\" stroke=\"" + color(it.color) +
                     "\" stroke-width=\"2.5\"/>\n";
                if (!it.label.empty()) legend.emplace_back(color(it.color), it.label);
                break;
            }
            case Item::Bars: {
                const double w = it.xs.size() > 1 ? 0.8 * pw / it.xs.size() : pw / 4;
                for (std::size_t i = 0; i < it.xs.size(); ++i) {
                    const double top = Y(std::max(it.ys[i], 0.0)), base = Y(std::min(it.ys[i], 0.0));
                    s += "<rect x=\"" + num(X(it.xs[i]) - w / 2) + "\" y=\"" + num(top) +
                         "\" width=\"" + num(w) + "\" height=\"" + num(base - top) +
                         "\" fill=\"" + color(it.color) + "\"/>";
                }
                s += "\n";
                if (!it.label.empty()) legend.emplace_back(color(it.color), it.label);
                break;
            }
        }
    }
    s += "</g>\n";
    s += "<rect x=\"" + num(kLeft) + "\" y=\"" + num(kTop) + "\" width=\"" + num(pw) +
         "\" height=\"" + num(ph) + "\" fill=\"none\" stroke=\"#333\"/>\n";

    // Legend (top right) and notes (top left).
    double ly = kTop + 14;
    std::size_t longest = 0;
    for (const auto& entry : legend) longest = std::max(longest, entry.second.size());
    // About 6.5 px per character at font size 11: the legend ends inside the plot area.
    const double lx = kLeft + pw - 24 - std::min(pw - 30.0, 6.5 * static_cast<double>(longest));
    if (!legend.empty())  // a light box keeps the legend readable over the data
        s += "<rect x=\"" + num(lx - 5) + "\" y=\"" + num(ly - 13) + "\" width=\"" +
             num(kLeft + pw - lx) + "\" height=\"" + num(15.0 * legend.size() + 4) +
             "\" fill=\"white\" fill-opacity=\"0.8\" stroke=\"#ccc\"/>\n";
    for (const auto& [col, label] : legend) {
        s += "<rect x=\"" + num(lx) + "\" y=\"" + num(ly - 9) +
             "\" width=\"10\" height=\"10\" fill=\"" + col + "\"/><text x=\"" +
             num(lx + 15) + "\" y=\"" + num(ly) + "\" font-size=\"11\">" + esc(label) +
             "</text>\n";
        ly += 15;
    }
    double ny = kTop + 14;
    for (const auto& n : notes_) {
        s += "<text x=\"" + num(kLeft + 6) + "\" y=\"" + num(ny) + "\" font-size=\"11\">" +
             esc(n) + "</text>\n";
        ny += 15;
    }
    return s;
}

std::string SvgPlot::element(double x, double y) const {
    return "<svg x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + std::to_string(width_) +
           "\" height=\"" + std::to_string(height_) + "\">\n" + body() + "</svg>\n";
}

std::string SvgPlot::str() const {
    // The viewBox lets a page scale the figure to its text column (width and height are only
    // its natural size).
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
           "width=\"" + std::to_string(width_) + "\" height=\"" + std::to_string(height_) +
           "\" viewBox=\"0 0 " + std::to_string(width_) + " " + std::to_string(height_) +
           "\" font-family=\"sans-serif\">\n" + body() + "</svg>\n";
}

void SvgPlot::save(const std::string& path) const { write_file_atomic(path, str()); }

void save_svg_grid(const std::vector<SvgPlot>& plots, int columns, const std::string& title,
                   const std::string& path) {
    DL_CHECK(!plots.empty() && columns > 0, "save_svg_grid: no plots");
    const int cw = plots[0].width(), ch = plots[0].height();
    const int rows = (static_cast<int>(plots.size()) + columns - 1) / columns;
    const int W = cw * columns, H = ch * rows + 30;
    std::string s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
                    std::to_string(W) + "\" height=\"" + std::to_string(H) + "\" viewBox=\"0 0 " +
                    std::to_string(W) + " " + std::to_string(H) + "\" font-family=\"sans-serif\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
                    "<text x=\"" + std::to_string(W / 2) +
                    "\" y=\"21\" text-anchor=\"middle\" font-size=\"16\" font-weight=\"bold\">" +
                    esc(title) + "</text>\n";
    for (std::size_t i = 0; i < plots.size(); ++i) {
        const int r = static_cast<int>(i) / columns, c = static_cast<int>(i) % columns;
        std::string e = plots[i].element(c * cw, 30 + r * ch);
        // Each panel needs its own clip-path id.
        const std::string id = "c" + std::to_string(i);
        for (std::size_t p = e.find("id=\"c\""); p != std::string::npos; p = e.find("id=\"c\"", p))
            e.replace(p, 6, "id=\"" + id + "\"");
        for (std::size_t p = e.find("url(#c)"); p != std::string::npos; p = e.find("url(#c)", p))
            e.replace(p, 7, "url(#" + id + ")");
        s += e;
    }
    s += "</svg>\n";
    write_file_atomic(path, s);
}

}  // namespace dl
