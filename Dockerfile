FROM python:3.13-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml ./
RUN pip install --no-cache-dir .
COPY . .
RUN useradd --system authsite && mkdir -p /keys && chown authsite /keys  # /keys: the JWT signing-key volume
USER authsite
EXPOSE 8000
CMD ["gunicorn", "authsite.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "2", "--worker-class", "gthread", "--threads", "4"]
