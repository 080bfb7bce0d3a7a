/// @file svg_plot.hpp
/// @brief SVG figures: line plots, scatter plots, decision regions, and grids of plots.
///
///     SvgPlot p("Cost J per iteration", "iteration", "J");
///     p.line(xs, ys, "learning rate 0.1");
///     p.save(dl::join_path(out, "cost.svg"));
///
/// A plot chooses its axis ranges from its data unless set_x_range()/set_y_range() fix them.
/// Series take colours from a fixed palette in order; class labels in scatter() and regions()
/// index the same palette, so class 1 is the same colour everywhere. Files are written
/// atomically (see atomic_file.hpp).
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace dl {

class SvgPlot {
public:
    SvgPlot(std::string title, std::string xlabel, std::string ylabel, int width = 640,
            int height = 440);

    /// A polyline through (xs[i], ys[i]); skips non-finite points.
    SvgPlot& line(const std::vector<double>& xs, const std::vector<double>& ys,
                  const std::string& label, bool dashed = false);
    /// Points coloured by class (labels index the palette); `legend` names each class.
    SvgPlot& scatter(const std::vector<double>& xs, const std::vector<double>& ys,
                     const std::vector<int>& classes, const std::vector<std::string>& legend = {},
                     double radius = 3.0);
    /// The straight line a·x + b·y + c = 0, clipped to the plot (a decision boundary).
    SvgPlot& implicit_line(double a, double b, double c, const std::string& label);
    /// Decision regions: the plot area is cut into nx x ny cells; each is filled with the
    /// light colour of classify(x, y) at its centre. Needs the x and y ranges fixed.
    SvgPlot& regions(const std::function<int(double, double)>& classify, int nx = 120,
                     int ny = 120);
    /// Vertical bars at x positions (a histogram or a bar chart).
    SvgPlot& bars(const std::vector<double>& xs, const std::vector<double>& heights,
                  const std::string& label);
    /// A text note in the top-left corner of the plot area.
    SvgPlot& note(const std::string& text);

    SvgPlot& set_x_range(double lo, double hi);
    SvgPlot& set_y_range(double lo, double hi);
    /// Logarithmic y axis (positive values only).
    SvgPlot& log_y(bool on = true);

    /// The whole figure as an SVG document.
    std::string str() const;
    /// Writes str() to `path` atomically.
    void save(const std::string& path) const;

    int width() const { return width_; }
    int height() const { return height_; }
    /// The figure as an <svg> element placed at (x, y), for grids (see save_svg_grid).
    std::string element(double x, double y) const;

    /// The palette colour of series or class i ("#1f77b4", ...), and its light variant.
    static std::string color(int i);
    static std::string light_color(int i);

private:
    struct Series;
    void ranges(double& x0, double& x1, double& y0, double& y1) const;
    std::string body() const;

    std::string title_, xlabel_, ylabel_;
    int width_, height_;
    bool fixed_x_ = false, fixed_y_ = false, log_y_ = false;
    double x0_ = 0, x1_ = 1, y0_ = 0, y1_ = 1;
    std::vector<std::string> notes_;
    struct Item {
        enum Kind { Line, Scatter, Implicit, Regions, Bars } kind = Line;
        std::vector<double> xs, ys;
        std::vector<int> classes;
        std::vector<std::string> legend;
        std::string label;
        bool dashed = false;
        double radius = 3, a = 0, b = 0, c = 0;
        int color = 0, nx = 0, ny = 0;
        std::function<int(double, double)> classify;
    };
    std::vector<Item> items_;
    int next_color_ = 0;
};

/// Lays plots out in a grid of `columns` and writes one SVG file (atomically).
void save_svg_grid(const std::vector<SvgPlot>& plots, int columns, const std::string& title,
                   const std::string& path);

}  // namespace dl
