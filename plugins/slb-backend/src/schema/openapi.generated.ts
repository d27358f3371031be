// Generated from openapi.yaml (the contract the router enforces); openapi.test.ts keeps the two equal.
/* eslint-disable */

/** The slb plugin's OpenAPI document. */
export const spec = {
  "openapi": "3.1.0",
  "info": {
    "title": "slb",
    "version": "1",
    "description": "Cellport load balancing: LB groups with their live Nginx hosts, and the domains of apps (created by the app's Owners and Masters, seen by its members; extra Nginx directives by platform admins after nginx -t).",
    "license": {
      "name": "Apache-2.0",
      "url": "http://www.apache.org/licenses/LICENSE-2.0.html"
    },
    "contact": {}
  },
  "servers": [
    {
      "url": "/"
    }
  ],
  "components": {
    "parameters": {
      "limit": {
        "name": "limit",
        "in": "query",
        "required": false,
        "description": "At most this many (1 to 500; default 100).",
        "schema": {
          "type": "string"
        }
      },
      "cursor": {
        "name": "cursor",
        "in": "query",
        "required": false,
        "description": "The nextCursor of the previous page.",
        "schema": {
          "type": "string"
        }
      },
      "name": {
        "name": "name",
        "in": "path",
        "required": true,
        "description": "The domain (an RFC 1123 host name).",
        "schema": {
          "type": "string",
          "maxLength": 253
        }
      },
      "evacuationId": {
        "name": "id",
        "in": "path",
        "required": true,
        "description": "The evacuation's id.",
        "schema": {
          "type": "string",
          "maxLength": 36
        }
      }
    },
    "schemas": {
      "EvacuationInput": {
        "type": "object",
        "properties": {
          "cell": {
            "type": "string",
            "maxLength": 63
          },
          "reason": {
            "type": "string",
            "maxLength": 500
          }
        },
        "required": [
          "cell"
        ]
      },
      "EvacuationPlan": {
        "type": "object",
        "description": "See EvacuationPlan in @cellport/plugin-slb-common.",
        "properties": {
          "cell": {
            "type": "string"
          },
          "region": {
            "type": "string"
          },
          "groups": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "apps": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "app": {
                  "type": "string"
                },
                "version": {
                  "type": "string"
                },
                "servers": {
                  "type": "integer"
                },
                "replicas": {
                  "type": "integer"
                },
                "targets": {
                  "type": "array",
                  "items": {
                    "type": "object",
                    "properties": {
                      "cell": {
                        "type": "string"
                      },
                      "from": {
                        "type": "integer"
                      },
                      "to": {
                        "type": "integer"
                      },
                      "specReplicas": {
                        "type": "integer"
                      }
                    },
                    "required": [
                      "cell",
                      "from",
                      "to",
                      "specReplicas"
                    ]
                  }
                },
                "uncarried": {
                  "type": "integer"
                },
                "notes": {
                  "type": "array",
                  "items": {
                    "type": "string"
                  }
                }
              },
              "required": [
                "app",
                "servers",
                "replicas",
                "targets",
                "uncarried",
                "notes"
              ]
            }
          },
          "createdAt": {
            "type": "string"
          }
        },
        "required": [
          "cell",
          "region",
          "groups",
          "apps",
          "createdAt"
        ]
      },
      "Evacuation": {
        "type": "object",
        "description": "See Evacuation in @cellport/plugin-slb-common.",
        "properties": {
          "id": {
            "type": "string"
          },
          "cell": {
            "type": "string"
          },
          "region": {
            "type": "string"
          },
          "state": {
            "type": "string",
            "enum": [
              "evacuating",
              "evacuated",
              "restoring",
              "restored",
              "failed"
            ]
          },
          "trigger": {
            "type": "string",
            "enum": [
              "manual",
              "automatic"
            ]
          },
          "reason": {
            "type": "string"
          },
          "plan": {
            "$ref": "#/components/schemas/EvacuationPlan"
          },
          "createdBy": {
            "type": "string"
          },
          "createdAt": {
            "type": "string"
          },
          "updatedAt": {
            "type": "string"
          },
          "restoreRequestedBy": {
            "type": "string"
          },
          "error": {
            "type": "string"
          },
          "events": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "at": {
                  "type": "string"
                },
                "level": {
                  "type": "string",
                  "enum": [
                    "info",
                    "warning",
                    "error"
                  ]
                },
                "step": {
                  "type": "string"
                },
                "message": {
                  "type": "string"
                }
              },
              "required": [
                "at",
                "level",
                "step",
                "message"
              ]
            }
          }
        },
        "required": [
          "id",
          "cell",
          "region",
          "state",
          "trigger",
          "reason",
          "plan",
          "createdBy",
          "createdAt",
          "updatedAt",
          "events"
        ]
      },
      "Error": {
        "type": "object",
        "properties": {
          "error": {
            "type": "object",
            "properties": {
              "name": {
                "type": "string"
              },
              "message": {
                "type": "string"
              }
            },
            "required": [
              "name",
              "message"
            ]
          }
        },
        "required": [
          "error"
        ]
      },
      "Domain": {
        "type": "object",
        "description": "A domain as stored in etcd (see SlbDomain in @cellport/plugin-slb-common).",
        "properties": {
          "name": {
            "type": "string"
          },
          "group": {
            "type": "string"
          },
          "app": {
            "type": "string"
          },
          "aliases": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "locations": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "path": {
                  "type": "string"
                },
                "app": {
                  "type": "string"
                },
                "port": {
                  "type": "integer"
                }
              },
              "required": [
                "path",
                "app",
                "port"
              ]
            }
          },
          "timeouts": {
            "type": "object",
            "additionalProperties": true
          },
          "headers": {
            "type": "object",
            "additionalProperties": {
              "type": "string"
            }
          },
          "tlsCertificate": {
            "type": "string"
          },
          "extraDirectives": {
            "type": "string"
          },
          "directivesSetBy": {
            "type": "string",
            "description": "The user who last set extraDirectives."
          },
          "directivesSetAt": {
            "type": "string",
            "format": "date-time",
            "description": "When extraDirectives were last set."
          },
          "createdBy": {
            "type": "string"
          },
          "createdAt": {
            "type": "string"
          },
          "updatedAt": {
            "type": "string"
          }
        },
        "required": [
          "name",
          "group",
          "app",
          "locations"
        ],
        "additionalProperties": true
      },
      "SpecialConfig": {
        "type": "object",
        "description": "A domain's special (admin-only) Nginx directives.",
        "properties": {
          "domain": {
            "type": "string"
          },
          "group": {
            "type": "string"
          },
          "region": {
            "type": "string"
          },
          "app": {
            "type": "string"
          },
          "directives": {
            "type": "string"
          },
          "setBy": {
            "type": "string",
            "description": "The user entity ref who set them; absent when set before this was recorded."
          },
          "setAt": {
            "type": "string",
            "format": "date-time",
            "description": "When they were set (the domain's last update when not recorded)."
          }
        },
        "required": [
          "domain",
          "group",
          "region",
          "app",
          "directives"
        ]
      },
      "DomainView": {
        "type": "object",
        "properties": {
          "domain": {
            "$ref": "#/components/schemas/Domain"
          },
          "group": {
            "type": "object",
            "additionalProperties": true
          },
          "cname": {
            "type": "string"
          },
          "vip": {
            "type": "string"
          },
          "config": {
            "type": "string",
            "description": "The Nginx configuration the hosts render."
          },
          "revision": {
            "type": "integer"
          },
          "upstreams": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": true
            }
          },
          "hosts": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "host": {
                  "type": "string"
                },
                "address": {
                  "type": "string"
                },
                "revision": {
                  "type": "integer"
                },
                "lag": {
                  "type": "integer"
                },
                "error": {
                  "type": "string"
                },
                "updatedAt": {
                  "type": "string"
                }
              },
              "required": [
                "host",
                "address",
                "revision",
                "lag",
                "updatedAt"
              ]
            }
          },
          "canManage": {
            "type": "boolean"
          },
          "canEditDirectives": {
            "type": "boolean"
          }
        },
        "required": [
          "domain",
          "group",
          "cname",
          "vip",
          "config",
          "revision",
          "upstreams",
          "hosts",
          "canManage",
          "canEditDirectives"
        ]
      },
      "DomainInput": {
        "type": "object",
        "description": "Validated by domainCreateRequestSchema / domainUpdateRequestSchema.",
        "additionalProperties": true
      }
    },
    "responses": {
      "Error": {
        "description": "An error (4xx with what to fix, 503 when etcd is unavailable).",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      }
    }
  },
  "paths": {
    "/groups": {
      "get": {
        "operationId": "listGroups",
        "description": "The LB groups with their live agents.",
        "responses": {
          "200": {
            "description": "The groups.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "type": "object",
                        "additionalProperties": true
                      }
                    }
                  },
                  "required": [
                    "items"
                  ]
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/domains": {
      "get": {
        "operationId": "listDomains",
        "description": "A page of the domains of the apps the caller may see, optionally of one app, ordered by name.",
        "parameters": [
          {
            "name": "app",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string"
            }
          },
          {
            "$ref": "#/components/parameters/limit"
          },
          {
            "$ref": "#/components/parameters/cursor"
          }
        ],
        "responses": {
          "200": {
            "description": "The domains, with the cursor of the next page when there is one.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "nextCursor": {
                      "type": "string",
                      "description": "Pass as cursor for the next page; absent on the last page."
                    },
                    "items": {
                      "type": "array",
                      "items": {
                        "type": "object",
                        "properties": {
                          "domain": {
                            "$ref": "#/components/schemas/Domain"
                          },
                          "cname": {
                            "type": "string"
                          },
                          "vip": {
                            "type": "string"
                          }
                        },
                        "required": [
                          "domain",
                          "cname",
                          "vip"
                        ]
                      }
                    }
                  },
                  "required": [
                    "items"
                  ]
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      },
      "post": {
        "operationId": "createDomain",
        "description": "Creates a domain for an app (its Owner or Master).",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/DomainInput"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "Created.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/DomainView"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/domains/{name}": {
      "get": {
        "operationId": "getDomain",
        "parameters": [
          {
            "$ref": "#/components/parameters/name"
          }
        ],
        "description": "A domain with its configuration, upstream servers and each host's convergence.",
        "responses": {
          "200": {
            "description": "The domain.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/DomainView"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      },
      "put": {
        "operationId": "updateDomain",
        "parameters": [
          {
            "$ref": "#/components/parameters/name"
          }
        ],
        "description": "Changes a domain (aliases, locations, timeouts, headers, certificate).",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/DomainInput"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Changed.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/DomainView"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      },
      "delete": {
        "operationId": "deleteDomain",
        "parameters": [
          {
            "$ref": "#/components/parameters/name"
          }
        ],
        "description": "Deletes a domain.",
        "responses": {
          "204": {
            "description": "Deleted."
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/domains/{name}/directives": {
      "put": {
        "operationId": "setDomainDirectives",
        "parameters": [
          {
            "$ref": "#/components/parameters/name"
          }
        ],
        "description": "Platform admins set extra Nginx directives; stored only when nginx -t of the rendered domain passes (400 with nginx's output otherwise).",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "properties": {
                  "extraDirectives": {
                    "type": "string"
                  }
                },
                "required": [
                  "extraDirectives"
                ]
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Stored.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/DomainView"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/evacuations": {
      "get": {
        "operationId": "listEvacuations",
        "description": "Platform admins — a page of cell evacuations, newest first, without their timelines (404 for everyone else).",
        "parameters": [
          {
            "$ref": "#/components/parameters/limit"
          },
          {
            "$ref": "#/components/parameters/cursor"
          }
        ],
        "responses": {
          "200": {
            "description": "The evacuations, with the cursor of the next page when there is one.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/Evacuation"
                      }
                    },
                    "nextCursor": {
                      "type": "string",
                      "description": "Pass as cursor for the next page; absent on the last page."
                    }
                  },
                  "required": [
                    "items"
                  ]
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      },
      "post": {
        "operationId": "startEvacuation",
        "description": "Platform admins — evacuates a cell. Its plan is made and stored, then the other cells are scaled up, the cell's servers leave every upstream of the region's LB groups and every live agent applies it. 409 when the cell is already out or no other cell of the region could serve.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/EvacuationInput"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "Started.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Evacuation"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/evacuations/plan": {
      "post": {
        "operationId": "planEvacuation",
        "description": "Platform admins — what evacuating a cell would do, per app with servers in the cell; nothing is changed.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/EvacuationInput"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The plan.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/EvacuationPlan"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/evacuations/{id}": {
      "get": {
        "operationId": "getEvacuation",
        "parameters": [
          {
            "$ref": "#/components/parameters/evacuationId"
          }
        ],
        "description": "Platform admins — an evacuation with its plan and timeline.",
        "responses": {
          "200": {
            "description": "The evacuation.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Evacuation"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/evacuations/{id}/restore": {
      "post": {
        "operationId": "restoreEvacuation",
        "parameters": [
          {
            "$ref": "#/components/parameters/evacuationId"
          }
        ],
        "description": "Platform admins — un-evacuates the cell (its servers re-enter with growing weight, then the other cells go back to the app's spec). 409 unless the evacuation is evacuated or failed and the cell answers.",
        "responses": {
          "200": {
            "description": "Restoring.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Evacuation"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/admin/special-configs": {
      "get": {
        "operationId": "listSpecialConfigs",
        "description": "Platform admins — every domain whose extra (special) Nginx directives are set, across every LB group, with who set them and when. 404 with an empty body (as an unknown route) for everyone else, services included.",
        "responses": {
          "200": {
            "description": "The domains with special configuration, by domain name.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/SpecialConfig"
                      }
                    },
                    "errors": {
                      "type": "array",
                      "description": "LB groups whose etcd could not be read (their domains are missing from items).",
                      "items": {
                        "type": "object",
                        "properties": {
                          "group": {
                            "type": "string"
                          },
                          "error": {
                            "type": "string"
                          }
                        },
                        "required": [
                          "group",
                          "error"
                        ]
                      }
                    }
                  },
                  "required": [
                    "items",
                    "errors"
                  ]
                }
              }
            }
          },
          "404": {
            "description": "Not a platform admin (the same empty 404 as an unknown route)."
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    }
  }
} as const;
